import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit regions`: which cities each region covers; operators add free-trade-zone areas.
struct RegionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions",
        abstract: "Show which cities each region covers; operators add areas (a pilot free trade zone's new area).",
        discussion: """
            A region covers the cities its policy version lists, every known city of the provinces it covers whole, and
            every city with one of its areas. Its start date and categories come from the latest policy version naming it.
            """,
        subcommands: [List.self, Show.self, AddArea.self],
        defaultSubcommand: List.self
    )

    /// `permit regions [list]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the regions: start date, provinces covered whole, areas, number of cities.",
            discussion: "Example:\n  permit regions --json")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, label: "regions") { context in
                let regions = try await context.withPool { try await RegionRegistry.list(pool: $0) }
                if output.json { return try JSONOutput.print(regions) }
                var table = TextTable(["KEY", "IN FORCE", "NAME", "PROVINCES", "AREAS", "CITIES"])
                for region in regions {
                    table.add([region.key, region.inForceFrom?.description ?? "-", region.nameEn, region.provinces.joined(separator: ","),
                               String(region.areas.count), String(region.cities.count)])
                }
                table.print()
            }
        }
    }

    /// `permit regions show KEY`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one region: its provinces, areas and every city it covers.",
            discussion: "Example:\n  permit regions show ftz_hainan --json")
        @Argument(help: "The region key (see `permit regions`).")
        var key: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, label: "regions") { context in
                let region = try await context.withPool { try await RegionRegistry.show(key, pool: $0) }
                if output.json { return try JSONOutput.print(region) }
                print("region      \(region.key) (\(region.nameEn), \(region.nameZh))")
                print("in force    \(region.inForceFrom?.description ?? "-") for \(region.categories.joined(separator: ", "))")
                print("provinces   \(region.provinces.isEmpty ? "-" : region.provinces.joined(separator: ", "))")
                print("areas       \(region.areas.isEmpty ? "-" : region.areas.map { "\($0.area) (\($0.city))" }.joined(separator: "; "))")
                print("cities      \(region.cities.joined(separator: ", "))")
                if let source = region.source { print("source      \(source)") }
            }
        }
    }

    /// `permit regions add-area KEY --city C --area NAME`.
    struct AddArea: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-area",
            abstract: "Add an area in a known city to a region (operators); the city is covered at once.",
            discussion: """
                For a pilot free trade zone that gains an area: the city hosting it joins the zone's region. Add an unknown
                city first with `permit cities add`.

                Example:
                  permit regions add-area ftz_hubei --city jingzhou --area "Jingzhou area"
                """)
        @Argument(help: "The region key (see `permit regions`).")
        var key: String
        @Option(help: "The city key of the area.")
        var city: String
        @Option(help: "The area's name.")
        var area: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            struct Row: Encodable { let region: String; let city: String; let area: String }
            try await CommandContext.run(database, label: "regions") { context in
                let added = try await context.withPool { try await RegionRegistry.addArea(region: key, city: city, area: area, pool: $0) }
                if output.json { return try JSONOutput.print(Row(region: key, city: added.city, area: added.area)) }
                print("added the area \(added.area) in \(added.city) to \(key)")
            }
        }
    }
}
