import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit case deadlines --accepted-on DATE [--extended]`: the decision deadline worked out from the calendar.
struct DeadlinesCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "Work out the decision deadline of a case accepted on a day, from the loaded calendar (read only).",
        discussion: """
            The decision is due within the working days of the policy in force on that day (7; 20 with --extended),
            counted from the day after acceptance, State Council holidays skipped and make-up days counted. A deadline
            reaching into a year whose calendar is not loaded is provisional.

            Examples:
              permit case deadlines --accepted-on 2026-09-29
              permit case deadlines --accepted-on 2026-02-12 --extended --json
            """)
    @Option(help: "The day the case was accepted (YYYY-MM-DD).")
    var acceptedOn: CivilDate
    @Flag(help: "The period after a supervisor's extension (20 working days).")
    var extended = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    struct Worked: Encodable {
        let acceptedOn: CivilDate
        let extended: Bool
        let policyVersion: String
        let workingDays: Int
        let decisionBy: CivilDate
        let provisional: Bool
        let yearsNotLoaded: [Int]
        let countedDays: [CivilDate]
        let skippedDays: [WorkingDayCount.SkippedDay]
    }

    func run() async throws {
        try await CommandContext.run(database, label: "case") { context in
            let data = try await context.withPool { pool in try await pool.withConnection { try await ReferenceData.load(on: $0) } }
            guard let policy = data.policies.inForce(on: acceptedOn) else {
                throw CommandFailure(.refused, "refused (no_policy_in_force): no policy version is in force on \(acceptedOn)")
            }
            let period = extended ? policy.deadlines.extendedDecision : policy.deadlines.decision
            let count = WorkingDayCount(workingDays: period.count, after: acceptedOn, calendar: data.calendar)
            let worked = Worked(acceptedOn: acceptedOn, extended: extended, policyVersion: policy.version, workingDays: period.count,
                                decisionBy: count.end, provisional: count.provisional, yearsNotLoaded: count.yearsNotLoaded,
                                countedDays: count.counted, skippedDays: count.skipped)
            if output.json { return try JSONOutput.print(worked) }
            print("accepted on   \(acceptedOn) (\(Self.weekday(acceptedOn)))")
            print("policy        \(policy.version): decision within \(period)\(extended ? " (extended)" : "")")
            print("decision by   \(count.end) (\(Self.weekday(count.end)))" + (count.provisional ? " PROVISIONAL" : ""))
            print("counted       " + count.counted.map(\.description).joined(separator: ", "))
            print("skipped       " + (count.skipped.isEmpty ? "-" : Self.ranges(count.skipped)))
            if count.provisional {
                let years = count.yearsNotLoaded.map(String.init).joined(separator: ", ")
                print("\nprovisional: no official calendar is loaded for \(years); weekdays were assumed (`permit calendar check`).")
            }
        }
    }

    static func weekday(_ date: CivilDate) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][date.weekday - 1]
    }

    /// Consecutive skipped days with the same reason, as "2026-10-01…2026-10-07 National Day".
    static func ranges(_ days: [WorkingDayCount.SkippedDay]) -> String {
        var parts: [String] = []
        var index = 0
        while index < days.count {
            var last = index
            while last + 1 < days.count, days[last + 1].reason == days[index].reason,
                  days[last].date.adding(days: 1) == days[last + 1].date { last += 1 }
            let span = last == index ? days[index].date.description : "\(days[index].date)…\(days[last].date)"
            parts.append("\(span) \(days[index].reason)")
            index = last + 1
        }
        return parts.joined(separator: "; ")
    }
}
