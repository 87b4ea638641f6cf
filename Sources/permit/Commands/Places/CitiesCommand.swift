import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit cities`: the known cities and provinces; operators add cities.
struct CitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cities",
        abstract: "List the known cities (keys for --city, --work-city and --office); operators add cities.",
        discussion: """
            A city belongs to every region that covers its province whole (the Yangtze River Delta, Beijing–Tianjin–Hebei,
            the Hainan free trade zone) as soon as it is known, and to every region with an area in it (see `permit regions`).
            """,
        subcommands: [List.self, Add.self, Provinces.self],
        defaultSubcommand: List.self
    )

    /// `permit cities [list]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the known cities with their province.",
            discussion: "Examples:\n  permit cities --json\n  permit cities list --province jiangsu")
        @Option(help: "Only this province's cities (see `permit cities provinces`).")
        var province: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, label: "cities") { context in
                let cities = try await context.withPool { try await Cities.list(province: province, pool: $0) }
                if output.json {
                    return try JSONOutput.print(cities.map(CityRow.init))
                }
                var table = TextTable(["KEY", "NAME", "中文", "PROVINCE"])
                cities.forEach { table.add([$0.key, $0.nameEN, $0.nameZH, $0.province]) }
                table.print()
            }
        }
    }

    /// `permit cities add KEY --province P --name-en N --name-zh Z`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a city in a known province (operators); regions covering the province cover it at once.",
            discussion: """
                The key is lowercase ASCII pinyin (a-z, 0-9, _); tell same-sounding cities apart with a suffix
                (taizhou_js, taizhou_zj). An applicant or employer from the city can be registered right after.

                Example:
                  permit cities add kunshan --province jiangsu --name-en Kunshan --name-zh 昆山
                """)
        @Argument(help: "The city key.")
        var key: String
        @Option(help: "The province key (see `permit cities provinces`).")
        var province: String
        @Option(help: "The English name.")
        var nameEn: String
        @Option(help: "The Chinese name.")
        var nameZh: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, label: "cities") { context in
                let city = try await context.withPool { pool in
                    try await Cities.add(City(key: key, nameEN: nameEn, nameZH: nameZh, province: province), pool: pool)
                }
                if output.json { return try JSONOutput.print(CityRow(city)) }
                print("added \(city.key) (\(city.nameEN), \(city.nameZH)) in \(city.province)")
            }
        }
    }

    /// `permit cities provinces`.
    struct Provinces: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the province-level divisions (keys for --province).",
            discussion: "Example:\n  permit cities provinces --json")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            struct Row: Encodable { let key: String; let nameEn: String; let nameZh: String; let kind: String }
            try await CommandContext.run(database, label: "cities") { context in
                let provinces = try await context.withPool { try await Cities.provinces(pool: $0) }
                if output.json {
                    return try JSONOutput.print(provinces.map { Row(key: $0.key, nameEn: $0.nameEN, nameZh: $0.nameZH, kind: $0.kind.rawValue) })
                }
                var table = TextTable(["KEY", "NAME", "中文", "KIND"])
                provinces.forEach { table.add([$0.key, $0.nameEN, $0.nameZH, $0.kind.rawValue]) }
                table.print()
            }
        }
    }
}

/// A city as `--json` prints it.
struct CityRow: Encodable {
    let key: String, nameEn: String, nameZh: String, province: String

    init(_ city: City) {
        key = city.key
        nameEn = city.nameEN
        nameZh = city.nameZH
        province = city.province
    }
}
