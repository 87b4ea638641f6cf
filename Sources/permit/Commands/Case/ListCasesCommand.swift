import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit case list`: the caseworker's queue.
struct ListCasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List cases, newest change first, with filters.",
        discussion: """
            Examples:
              permit case list --state accepted --unassigned
              permit case list --assigned-to cw1 --overdue --json
            """
    )
    @Option(help: "Only cases in this state.")
    var state: CaseState?
    @Option(help: "Only cases of this category.")
    var category: TalentCategory?
    @Option(help: "Only cases held by this person.")
    var assignedTo: String?
    @Flag(help: "Only cases held by no one.")
    var unassigned = false
    @Flag(help: "Only open cases past a deadline (as of today, or --as-of).")
    var overdue = false
    @Option(help: "At most this many (1 to 10000).")
    var limit = 50
    @OptionGroup var clock: ViewClockOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard assignedTo == nil || !unassigned else { throw ValidationError("--assigned-to and --unassigned exclude each other") }
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit: must be 1 to 10000") }
    }

    func run() async throws {
        try await CommandContext.run(database, .person, label: "case") { context in
            let filter = CaseFilter(state: state, category: category, assignee: assignedTo, unassigned: unassigned,
                                    overdue: overdue, limit: limit)
            let today = try clock.time().day()
            let cases = try await context.withPool { try await CaseQueries.list(filter, today: today, pool: $0) }
            if output.json { return try JSONOutput.print(cases) }
            var table = TextTable(["CASE", "STATE", "CATEGORY", "DEST", "APPLICANT", "ASSIGNEE", "DUE", "V"])
            for item in cases {
                let open = CaseState(rawValue: item.state)?.isOpen ?? false
                let due = open ? item.decisionDue ?? item.supplementationDue ?? "" : ""
                table.add([item.id.uuidString.lowercased(), item.state, item.category, item.destinations.joined(separator: ","),
                           item.applicantName, item.assignee ?? "", due + (item.overdue ? " OVERDUE" : ""), String(item.version)])
            }
            table.print()
        }
    }
}
