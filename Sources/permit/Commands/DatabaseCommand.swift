import ArgumentParser
import Foundation
import PermitCore
import PermitStore

extension DatabasePurpose: ExpressibleByArgument {}

/// `permit database purpose`: what the database is for (operators).
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "database",
        abstract: "Show or set what the database is for: production, training or what_if (operators).",
        subcommands: [Purpose.self]
    )

    /// `permit database purpose [PURPOSE]`.
    struct Purpose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the database's purpose, or set it (its owner only).",
            discussion: """
                production (the default) records every act at the real time: --as-of and PERMIT_NOW are refused (exit 1,
                as_of_in_production), and the database itself refuses a history row more than 5 minutes from its clock.
                training and what_if allow acting as of any instant, for trainers' scenarios and supervisors' what-if
                questions. Set it on a copy, never on the real caseload:

                Examples:
                  permit database purpose
                  createdb -h "$PERMIT_DATA_DIR" -U postgres -T permitflow permitflow_whatif
                  DATABASE_URL="host=$PERMIT_DATA_DIR user=postgres dbname=permitflow_whatif" permit database purpose what_if --note "what-if copy"
                """)
        @Argument(help: "production, training or what_if (omit to show the current purpose).")
        var purpose: DatabasePurpose?
        @Option(help: "Why (kept with the purpose).")
        var note: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if note != nil && purpose == nil { throw ValidationError("--note: goes with a purpose to set") }
        }

        func run() async throws {
            try await CommandContext.run(database, label: "database") { context in
                let record = try await context.withPool { pool in
                    if let purpose { return try await DatabasePurpose.record(purpose, note: note, pool: pool) }
                    return try await DatabasePurpose.current(pool: pool)
                }
                if output.json { return try JSONOutput.print(record) }
                print("purpose     \(record.purpose.rawValue)" + (record.purpose.allowsChosenTime ? " (acting as of any instant allowed)" : " (acts at the real time only)"))
                if !record.note.isEmpty { print("note        \(record.note)") }
                print("set by      \(record.changedBy) at \(ActingTime.format(record.changedAt))")
            }
        }
    }
}
