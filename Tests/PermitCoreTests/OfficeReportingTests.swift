import Foundation
import Testing
@testable import PermitCore

@Suite("Deadlines in working days, decision times, the workflow picture")
struct OfficeReportingTests {
    @Test func aDeadlineStandsInWorkingDaysAcrossHolidays() {
        // National Day 2026: 1–7 October off, Saturday 10 October a make-up working day.
        let calendar = Seeds.calendar
        let onTrack = DeadlineStanding(deadline: day("2026-10-12"), today: day("2026-09-28"), margin: 2, calendar: calendar)
        #expect(onTrack.status == .onTrack)
        #expect(onTrack.workingDaysLeft == 6)    // 29, 30 September; 8, 9, 10 (make-up Saturday), 12 October
        let near = DeadlineStanding(deadline: day("2026-10-08"), today: day("2026-09-30"), margin: 2, calendar: calendar)
        #expect(near.status == .near)
        #expect(near.workingDaysLeft == 1)       // the holiday week does not count
        #expect(DeadlineStanding(deadline: day("2026-03-02"), today: day("2026-03-02"), margin: 0, calendar: calendar).status == .near)
        let late = DeadlineStanding(deadline: day("2026-03-06"), today: day("2026-03-09"), margin: 2, calendar: calendar)
        #expect(late.status == .past)
        #expect(late.workingDaysLeft == -1)      // Friday's deadline, Monday: one working day late
        #expect(DeadlineStanding(deadline: day("2026-03-06"), today: day("2026-03-07"), margin: 2, calendar: calendar).workingDaysLeft == -1)
        #expect(DeadlineStanding(deadline: day("2027-01-08"), today: day("2027-01-04"), margin: 2, calendar: calendar).provisional)
    }

    @Test func decisionTimesAreNearestRankPercentilesOfWorkingDays() {
        #expect(DecisionTimeStatistics.nearestRank(0.5, of: []) == nil)
        #expect(DecisionTimeStatistics.nearestRank(0.5, of: [3]) == 3)
        #expect(DecisionTimeStatistics.nearestRank(0.5, of: [1, 2, 3, 4]) == 2)
        #expect(DecisionTimeStatistics.nearestRank(0.9, of: Array(1...10)) == 9)
        #expect(DecisionTimeStatistics.nearestRank(0.9, of: Array(1...11)) == 10)
        // Accepted on Monday 2 March 2026; decided 3, 5 and 16 working days later; one outside the 30-day window.
        let decisions = [("2026-03-05", 3), ("2026-03-09", 5), ("2026-03-24", 16)].map {
            DecisionTimeStatistics.Decision(acceptedOn: day("2026-03-02"), decidedOn: day($0.0))
        } + [DecisionTimeStatistics.Decision(acceptedOn: day("2026-01-05"), decidedOn: day("2026-01-09"))]
        let month = DecisionTimeStatistics(decisions, windowDays: 30, today: day("2026-03-31"), calendar: Seeds.calendar)
        #expect(month.decided == 3)
        #expect(month.p50 == 5)
        #expect(month.p90 == 16)
        #expect(month.longest == 16)
        #expect(month.withinLimit == 2)
        #expect(DecisionTimeStatistics(decisions, windowDays: 90, today: day("2026-03-31"), calendar: Seeds.calendar).decided == 4)
    }

    @Test func theWorkflowPictureMarksTheCasePath() {
        let layout = WorkflowLayout(.standardV1)
        #expect(layout.places[.draft]?.column == 0)
        let terminalColumn = layout.columns - 1
        for state in CaseState.allCases where state.isTerminal {
            #expect(layout.places[state]?.column == terminalColumn, "\(state)")
        }
        #expect(Set(layout.places.values.map { "\($0.column),\($0.row)" }).count == layout.places.count, "no two states share a place")
        let svg = WorkflowDiagram.svg(.standardV1, path: .init(steps: [(.draft, .submitted)], current: .submitted))
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("class=\"state current\" data-state=\"submitted\""))
        #expect(svg.components(separatedBy: "class=\"edge taken\"").count == 2)
        #expect(!svg.contains("<script"))
    }
}
