import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit employer`: employers keyed by unified social credit code.
struct EmployerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "employer",
        abstract: "Register and list employers.",
        subcommands: [Add.self, List.self]
    )

    /// `permit employer add`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an employer (clerk, caseworker or supervisor).",
            discussion: """
                The credit code's check character is verified (GB 32100-2015); the city must be a known city key.

                Example:
                  permit employer add --credit-code 91440300MA5EXAMPLA --name "Shenzhen Quantum Lab" --city shenzhen --hetao-park
                """
        )
        @Option(help: "The unified social credit code (18 characters).")
        var creditCode: String
        @Option(help: "The employer's name.")
        var name: String
        @Option(help: "The city key (see `permit cities`).")
        var city: String
        @Flag(help: "The employer is in the Hetao Shenzhen Park.")
        var hetaoPark = false
        @OptionGroup var login: LoginOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .person, label: "employer", logins: login) { context in
                let record = try await context.withPool { pool in
                    try await StaffAuthorization.require(.addEmployer, pool: pool)
                    return try await EmployerRegistry.add(creditCode: creditCode, name: name, city: city, inHetaoPark: hetaoPark, pool: pool)
                }
                if output.json { return try JSONOutput.print(record) }
                print("registered \(record.name) (\(record.creditCode)) in \(record.city)\(record.inHetaoPark ? ", Hetao park" : "")")
            }
        }
    }

    /// `permit employer list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List employers.", discussion: "Example:\n  permit employer list --json")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .person, label: "employer") { context in
                let employers = try await context.withPool { try await EmployerRegistry.list(pool: $0) }
                if output.json { return try JSONOutput.print(employers) }
                var table = TextTable(["CREDIT CODE", "NAME", "CITY", "HETAO PARK"])
                employers.forEach { table.add([$0.creditCode, $0.name, $0.city, $0.inHetaoPark ? "yes" : "no"]) }
                table.print()
            }
        }
    }
}
