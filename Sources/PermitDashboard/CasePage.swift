import Foundation
import PermitCore
import PermitStore

/// One case: its facts, deadlines, checks, endorsements, its whole history and where it went in the workflow.
enum CasePage {
    static func html(_ detail: CaseDetail, login: String?) -> String {
        typealias L = PageLayout
        func row(_ name: String, _ value: String?, metric: String? = nil) -> String {
            "<tr><th>\(name.markupEscaped)</th><td\(metric.map { " data-metric=\"\($0)\"" } ?? "")>\((value ?? "—").markupEscaped)</td></tr>"
        }
        let id = detail.id.uuidString.lowercased()
        let facts = [
            row("state", detail.state, metric: "case-state"), row("version", String(detail.version), metric: "case-version"),
            row("category", detail.category), row("destinations", detail.destinations.joined(separator: ", ")),
            row("applicant", detail.applicantName), row("office", detail.office), row("policy", detail.policyVersion),
            row("workflow", detail.workflowVersion), row("assignee", detail.assignee), row("prepared by", detail.preparedBy),
            row("reviewed by", detail.reviewedBy), row("approved by", detail.approvedBy), row("reason", detail.reasonCode),
            row("submitted", detail.submittedOn?.description), row("accepted", detail.acceptedOn?.description),
            row("decided", detail.decidedOn?.description), row("issued", detail.issuedOn?.description),
            row("decide by", detail.deadlines.decisionBy.map { $0.description + (detail.deadlines.decisionProvisional ? " (provisional)" : "") },
                metric: "case-decision-by"),
            row("documents received", detail.documentsReceived.joined(separator: ", ")),
            row("documents missing", detail.missingDocuments.joined(separator: ", ")),
        ]
        var sections = ["<h1>Case <span class=\"mono\">\(id)</span></h1>",
                        "<section id=\"facts\"><h2>Facts</h2><table>\(facts.joined())</table></section>"]
        let checks = detail.checks.map { check in
            "<tr>" + L.cell(check.name) + "<td class=\"\(check.passed ? "" : "bad")\">\(check.passed ? "passed" : "failed")</td>"
                + L.cell(check.message) + "</tr>"
        }
        let endorsements = detail.endorsements.map { item in
            "<tr>" + L.cell(item.number) + L.cell(item.destination) + L.cell(item.status)
                + L.cell("\(item.validFrom) – \(item.validUntil)") + L.cell("\(item.feeCny) CNY") + "</tr>"
        }
        sections.append("<section id=\"checks\"><h2>Checks today</h2>" + L.table(["check", "result", "why"], checks, id: "checks-table")
                        + "<h2>Endorsements</h2>" + L.table(["number", "to", "status", "valid", "fee"], endorsements,
                                                             id: "endorsements-table") + "</section>")
        let formatter = ISO8601DateFormatter()
        let history = detail.history.map { entry in
            "<tr data-seq=\"\(entry.seq)\">" + L.number(entry.seq, metric: "history-\(entry.seq)-seq") + L.cell(formatter.string(from: entry.at))
                + L.cell(entry.event) + L.cell("\(entry.fromState ?? "—") → \(entry.toState)") + L.cell(entry.actor)
                + L.cell([entry.reasonCode, entry.note].compactMap { $0 }.joined(separator: ": ")) + "</tr>"
        }
        sections.append("<section id=\"history\" class=\"wide\"><h2>History <span class=\"muted\">(<span data-metric=\"history-rows\">"
                        + "\(detail.history.count)</span> rows, append-only)</span></h2>"
                        + L.table(["#", "at (UTC)", "event", "state", "by", "reason / note"], history, id: "history-table") + "</section>")
        if let workflow = WorkflowDefinition.version(detail.workflowVersion) {
            let steps = detail.history.compactMap { entry -> (from: CaseState, to: CaseState)? in
                guard let from = entry.fromState.flatMap(CaseState.init(rawValue:)), let to = CaseState(rawValue: entry.toState) else { return nil }
                return (from, to)
            }
            let path = WorkflowDiagram.CasePath(steps: steps, current: CaseState(rawValue: detail.state))
            sections.append("<section id=\"workflow\" class=\"wide\"><h2>Workflow \(workflow.version.markupEscaped) "
                            + "<span class=\"muted\">(this case's path in blue; hover an arrow for its events)</span></h2>"
                            + WorkflowDiagram.svg(workflow, path: path) + "</section>")
        }
        return L.page(title: "Case \(id.prefix(8))", login: login, body: sections.joined(separator: "\n"))
    }

    static func notFound(_ text: String, login: String?) -> String {
        PageLayout.page(title: "Not found", login: login, body: "<section class=\"wide\"><h2>Not found</h2><p>\(text.markupEscaped)</p>"
                        + "<p><a href=\"/\">Back to the overview</a></p></section>")
    }
}
