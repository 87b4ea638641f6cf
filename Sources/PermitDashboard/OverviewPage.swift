import Foundation
import PermitCore
import PermitStore

/// The office at a glance: cases by state, the queue, deadlines in working days, load, decision times, dead jobs.
enum OverviewPage {
    static func html(_ overview: OfficeOverview, login: String?) -> String {
        typealias L = PageLayout
        var sections = ["<h1>The office on \(overview.today) <span class=\"muted\">(policy time zone)</span></h1>"]
        if overview.calendarIncomplete {
            sections.append("<p class=\"note\">The working-day calendar of \(overview.today.year) or \(overview.today.year + 1) "
                            + "is not loaded: working-day counts beyond it are provisional (weekdays only). See <code>permit doctor</code>.</p>")
        }
        let open = CaseState.allCases.filter { $0.isOpen }
        let states = CaseState.allCases.map { state in
            "<tr>" + L.cell(state.rawValue) + L.number(overview.counts.casesByState[state.rawValue] ?? 0, metric: "cases-\(state.rawValue)") + "</tr>"
        }
        let openCount = open.reduce(0) { $0 + (overview.counts.casesByState[$1.rawValue] ?? 0) }
        sections.append("<section id=\"cases\"><h2>Cases by state</h2>"
                        + L.table(["state", "cases"], states + [
                            "<tr><th>open</th>" + L.number(openCount, metric: "cases-open") + "</tr>",
                            "<tr><th>overdue (open, a deadline passed)</th>" + L.number(overview.counts.overdue, metric: "cases-overdue", warn: true) + "</tr>",
                          ], id: "cases-table") + "</section>")
        let queue = overview.counts.queue.map { stat in
            "<tr>" + L.cell(stat.kind) + L.number(stat.due, metric: "queue-\(stat.kind)-due")
                + L.number(stat.scheduled, metric: "queue-\(stat.kind)-scheduled") + L.number(stat.running, metric: "queue-\(stat.kind)-running")
                + L.number(stat.dead, metric: "queue-\(stat.kind)-dead", warn: true) + L.number(stat.done, metric: "queue-\(stat.kind)-done")
                + L.cell(stat.oldestDueAt.map { "\(Int(overview.now.timeIntervalSince($0))) s" }) + "</tr>"
        }
        sections.append("<section id=\"queue\"><h2>Job queue</h2>"
                        + L.table(["kind", "due", "scheduled", "running", "dead", "done", "oldest due"], queue, id: "queue-table",
                                  empty: "no jobs") + "</section>")
        let deadlines = overview.deadlines.map { item in
            let days = item.standing.workingDaysLeft
            let text = days < 0 ? "\(-days) late" : days == 0 ? "due today" : "\(days) left"
            let mark = item.standing.status == .past ? "bad" : "near"
            return "<tr data-case=\"\(item.id.uuidString.lowercased())\">" + L.caseLink(item.id) + L.cell(item.applicantName)
                + L.cell(item.state) + L.cell(item.assignee) + L.cell(item.decisionDue.description)
                + "<td class=\"num \(mark)\" data-days-left=\"\(days)\">\(text)\(item.standing.provisional ? "*" : "")</td></tr>"
        }
        let past = overview.deadlines.filter { $0.standing.status == .past }.count
        sections.append("<section id=\"deadlines\" class=\"wide\"><h2>Decision deadlines near and past "
                        + "<span class=\"muted\">(working days; <span data-metric=\"deadlines-past\">\(past)</span> past, "
                        + "<span data-metric=\"deadlines-near\">\(overview.deadlines.count - past)</span> near)</span></h2>"
                        + L.table(["case", "applicant", "state", "assignee", "decide by", "working days"], deadlines,
                                  id: "deadlines-table", empty: "no open case is near its decision deadline") + "</section>")
        let load = overview.load.map { person in
            let name = person.assignee ?? "(unassigned)"
            return "<tr>" + L.cell(name) + L.number(person.open, metric: "load-\(name)-open")
                + L.number(person.underReview, metric: "load-\(name)-under_review") + L.number(person.escalated, metric: "load-\(name)-escalated")
                + L.number(person.overdue, metric: "load-\(name)-overdue", warn: true) + "</tr>"
        }
        sections.append("<section id=\"load\"><h2>Open cases per caseworker</h2>"
                        + L.table(["who", "open", "under review", "escalated", "overdue"], load, id: "load-table") + "</section>")
        let times = overview.decisionTimes.map { stat in
            "<tr><td>last \(stat.windowDays) days</td>" + L.number(stat.decided, metric: "decided-\(stat.windowDays)")
                + "<td class=\"num\" data-metric=\"p50-\(stat.windowDays)\">\(stat.p50.map(String.init) ?? "—")</td>"
                + "<td class=\"num\" data-metric=\"p90-\(stat.windowDays)\">\(stat.p90.map(String.init) ?? "—")</td>"
                + "<td class=\"num\">\(stat.longest.map(String.init) ?? "—")</td>"
                + L.number(stat.withinLimit, metric: "within-limit-\(stat.windowDays)") + "</tr>"
        }
        sections.append("<section id=\"decision-times\"><h2>Decision time <span class=\"muted\">(working days from acceptance "
                        + "to decision)</span></h2>" + L.table(["window", "decided", "p50", "p90", "longest", "within 7"], times,
                                                              id: "decision-times-table") + "</section>")
        let dead = overview.deadJobs.map { job in
            "<tr>" + L.cell(String(job.id)) + L.cell(job.kind) + (job.caseID.map(L.caseLink) ?? L.cell(nil))
                + L.number(job.attempts, metric: "dead-\(job.id)-attempts") + L.cell(String((job.lastError ?? "").prefix(160))) + "</tr>"
        }
        sections.append("<section id=\"dead-jobs\" class=\"wide\"><h2>Dead jobs</h2>"
                        + L.table(["job", "kind", "case", "attempts", "last error"], dead, id: "dead-jobs-table",
                                  empty: "no dead jobs") + "</section>")
        return L.page(title: "Office overview", login: login, body: sections.joined(separator: "\n"))
    }
}
