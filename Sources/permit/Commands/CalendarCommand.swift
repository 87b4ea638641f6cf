import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit calendar check YEAR`: whether a year's official working-day calendar is loaded.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Check the working-day calendars (State Council holidays and make-up days) loaded for deadlines.",
        subcommands: [Check.self]
    )

    /// `permit calendar check YEAR`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether YEAR's calendar is loaded: exit 0 when it is, exit 1 when not.",
            discussion: """
                Deadlines reaching into a year whose calendar is not loaded are counted on weekdays and flagged
                provisional. The State Council publishes next year's holidays in November: add seeds/calendar/YEAR.json
                and run `permit seed`. From 1 December the worker warns once a day while next year's is missing.

                Example:
                  permit calendar check 2027 --json
                """)
        @Argument(help: "The year (2000 to 2100).")
        var year: Int
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (2000...2100).contains(year) else { throw ValidationError("year: must be 2000 to 2100, got \(year)") }
        }

        func run() async throws {
            try await CommandContext.run(database, label: "calendar") { context in
                let status = try await context.withPool { try await CalendarYears.status(of: year, pool: $0) }
                if output.json {
                    try JSONOutput.print(status)
                } else if status.loaded {
                    print("\(year): loaded (\(status.holidays) days off, \(status.makeUpWorkingDays) make-up working days) from \(status.source ?? "")")
                } else {
                    print("\(year): not loaded; deadlines reaching into \(year) are provisional (weekdays assumed). "
                          + "Add seeds/calendar/\(year).json from the State Council's notice and run `permit seed`.")
                }
                if !status.loaded { throw ExitStatus.refused.exitCode }
            }
        }
    }
}
