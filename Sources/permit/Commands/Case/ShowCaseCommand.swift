import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit case show ID`: everything about one case.
struct ShowCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a case: facts, today's check results, deadlines, endorsements and the whole history.",
        discussion: "Example:\n  permit case show 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b --json"
    )
    @Argument(help: "The case id.")
    var id: Identifier
    @OptionGroup var clock: ViewClockOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.run(database, .person, label: "case") { context in
            let time = try clock.time()
            let detail = try await context.withPool { try await CaseQueries.detail(id.value, at: time.instant, pool: $0) }
            if output.json { return try JSONOutput.print(detail) }
            Self.printText(detail)
        }
    }

    static func printText(_ detail: CaseDetail) {
        func date(_ value: CivilDate?) -> String { value?.description ?? "-" }
        let facts: [(String, String)] = [
            ("case", detail.id.uuidString.lowercased()), ("state", detail.state + (detail.reasonCode.map { " (\($0))" } ?? "")),
            ("version", String(detail.version)), ("category", detail.category),
            ("destinations", detail.destinations.joined(separator: ",")),
            ("applicant", "\(detail.applicantName) (\(detail.applicantId.uuidString.lowercased()))"),
            ("office", detail.office), ("eep", detail.eepNumber + (detail.newEepRequested ? " (new EEP requested)" : "")),
            ("policy", detail.policyVersion ?? "-"), ("workflow", detail.workflowVersion),
            ("submitted", date(detail.submittedOn)), ("accepted", date(detail.acceptedOn)), ("decided", date(detail.decidedOn)),
            ("issued", date(detail.issuedOn)), ("assignee", detail.assignee ?? "-"), ("prepared by", detail.preparedBy ?? "-"),
            ("reviewed by", detail.reviewedBy ?? "-"), ("approved by", detail.approvedBy ?? "-"),
            ("documents", detail.documentsReceived.joined(separator: ", ")),
            ("missing", detail.missingDocuments.joined(separator: ", ")), ("flags", detail.flags.joined(separator: ", ")),
            ("notice by", date(detail.deadlines.completenessNoticeBy)),
            ("documents by", date(detail.deadlines.supplementationBy)),
            ("decide by", date(detail.deadlines.decisionBy) + (detail.deadlines.decisionProvisional ? " (provisional)" : "")),
        ]
        for (label, value) in facts {
            print(label.padding(toLength: 14, withPad: " ", startingAt: 0) + value)
        }
        print("\nChecks (as of \(detail.checkedOn))")
        var checks = TextTable(["CHECK", "RESULT", "DETAIL"])
        detail.checks.forEach { checks.add([$0.name, $0.passed ? "ok" : "FAILED", $0.message]) }
        checks.print()
        if !detail.endorsements.isEmpty {
            print("\nEndorsements")
            EndorsementTable.print(detail.endorsements)
        }
        print("\nHistory")
        var history = TextTable(["SEQ", "AT", "EVENT", "FROM", "TO", "ACTOR", "LOGIN", "REASON", "NOTE"])
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = ActingTime.zone
        for entry in detail.history {
            history.add([String(entry.seq), formatter.string(from: entry.at), entry.event, entry.fromState ?? "", entry.toState,
                         entry.actor, entry.login ?? "", entry.reasonCode ?? "", entry.note ?? ""])
        }
        history.print()
    }
}

/// Prints endorsements as a table.
enum EndorsementTable {
    static func print(_ endorsements: [EndorsementSummary]) {
        var table = TextTable(["NUMBER", "DEST", "CATEGORY", "VALID FROM", "VALID UNTIL", "MAX STAY", "FEE CNY", "STATUS", "REVIEW"])
        for item in endorsements {
            table.add([item.number, item.destination, item.category, item.validFrom, item.validUntil, "\(item.maxStayDays) days",
                       String(item.feeCny), item.status + (item.reasonCode.map { " (\($0))" } ?? ""), item.openReview ?? ""])
        }
        table.print()
    }
}
