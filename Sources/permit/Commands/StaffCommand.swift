import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit staff`: the people who act on cases and their roles.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Add and list the people who act on cases (clerk, caseworker, supervisor).",
        subcommands: [Add.self, List.self]
    )

    /// `permit staff add NAME --role ROLE`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a person to staff (a supervisor acts; until there is a supervisor, no --as is needed).",
            discussion: """
                Only a supervisor may add staff, except while staff has no supervisor: then anyone may add staff
                (bootstrap), so an office can always get its first supervisor.

                Examples:
                  permit staff add "Li Na" --role supervisor
                  permit staff add wang.wei --role caseworker --as "Li Na"
                """
        )

        @Argument(help: "The person's name, as they will type it in --as.")
        var name: String
        @Option(help: "clerk, caseworker or supervisor.")
        var role: StaffRole
        @OptionGroup var actor: ActorOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, label: "staff") { context in
                let bootstrap = try await context.withPool { pool in
                    let acting = try await StaffAuthorization.require(.addStaff, actorName: actor.name, pool: pool)
                    try await StaffDirectory.add(name: name, role: role, pool: pool)
                    return acting == nil
                }
                if bootstrap {
                    StandardError.write("permit: bootstrap: there was no supervisor, so \(name) was added without --as; once a supervisor exists, only a supervisor adds staff")
                }
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                if output.json {
                    try JSONOutput.print(["name": trimmed, "role": role.rawValue])
                } else {
                    print("added \(trimmed) as \(role.rawValue)")
                }
            }
        }
    }

    /// `permit staff list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List staff and their roles.",
            discussion: "Example:\n  permit staff list --json"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, label: "staff") { context in
                let staff = try await context.withPool { try await StaffDirectory.list(pool: $0) }
                if output.json { return try JSONOutput.print(staff) }
                var table = TextTable(["NAME", "ROLE", "ACTIVE"])
                staff.forEach { table.add([$0.name, $0.role, $0.active ? "yes" : "no"]) }
                table.print()
            }
        }
    }
}
