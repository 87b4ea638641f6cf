import Foundation
import Testing
@testable import PermitCore

@Suite("Decision clock")
struct DecisionClockTests {
    /// Accepted Mon 2 Mar 2026 (decision due Wed 11 Mar), reviewed by alice from 3 Mar.
    func reviewing(acceptedOn: String = "2026-03-02", reviewOn: String = "2026-03-03") -> CaseRun {
        var run = CaseRun(Sample.draft(.research))
        run.accept(on: acceptedOn)
        run.fire(.startReview, by: People.alice, on: reviewOn)
        return run
    }

    @Test func itStopsWhileTheCaseWaitsForDocumentsAndResumesWhenTheyArrive() {
        var run = reviewing()
        #expect(run.caseFile.deadlines.decisionBy == day("2026-03-11"))
        // Paused on Thu 5 Mar: 3, 4 and 5 Mar are used (3 of 7 working days).
        run.fire(.requestDocuments([.titleCertificate]), by: People.alice, on: "2026-03-05")
        #expect(run.caseFile.state == .awaitingDocuments)
        #expect(run.caseFile.clock.usedWorkingDays == 3)
        #expect(run.caseFile.deadlines.decisionBy == nil)
        #expect(run.steps.last?.effects.contains(.cancel(.decisionDeadline)) == true)
        // Documents arrive Tue 17 Mar (not counted): 4 days left are 18, 19, 20 and 23 Mar.
        run.fire(.receiveDocuments([.titleCertificate]), by: People.clerk, on: "2026-03-17")
        #expect(run.caseFile.state == .underReview)
        #expect(run.caseFile.deadlines.decisionBy == day("2026-03-23"))
        #expect(run.steps.last?.effects.contains(.schedule(.decisionDeadline, dueAt: day("2026-03-24").startOfDay(in: Seeds.shanghai))) == true)
        #expect(run.steps.last?.effects.contains(.cancel(.lapseCheck)) == true)
    }

    @Test func resumingAcrossQingmingSkipsTheHolidays() {
        var run = reviewing(acceptedOn: "2026-04-01", reviewOn: "2026-04-01")
        run.fire(.requestDocuments([.titleCertificate]), by: People.alice, on: "2026-04-02")
        #expect(run.caseFile.clock.usedWorkingDays == 1)
        run.fire(.receiveDocuments([.titleCertificate]), by: People.clerk, on: "2026-04-03")
        // 6 left after Fri 3 Apr; 4–6 Apr are off: 7, 8, 9, 10, 13, 14 Apr.
        #expect(run.caseFile.deadlines.decisionBy == day("2026-04-14"))
    }

    @Test func aSupervisorExtendsTheDecisionPeriodToTwentyWorkingDaysOnce() {
        var run = reviewing()
        run.fire(.extendDeadline(note: "complex"), by: People.sam, on: "2026-03-03")
        #expect(run.caseFile.clock.extended)
        #expect(run.caseFile.deadlines.decisionBy == day("2026-03-30"))
        #expect(run.refusal(.extendDeadline(note: nil), by: People.sam, on: "2026-03-04") == Refusal.Code.alreadyExtended)
        #expect(run.refusal(.extendDeadline(note: nil), by: People.bob, on: "2026-03-04") == Refusal.Code.roleNotAllowed)
        // Pausing keeps the extended limit: 1 day used (3 Mar); resumed 9 Mar with 19 left, ending Fri 3 Apr.
        run.fire(.requestDocuments([.titleCertificate]), by: People.alice, on: "2026-03-03")
        run.fire(.receiveDocuments([.titleCertificate]), by: People.clerk, on: "2026-03-09")
        #expect(run.caseFile.deadlines.decisionBy == Seeds.calendar.addingWorkingDays(19, to: day("2026-03-09")).date)
        #expect(run.caseFile.deadlines.decisionBy == day("2026-04-03"))
    }

    @Test func deadlinesBeyond2026AreProvisional() {
        var run = CaseRun(Sample.draft(.research))
        run.accept(on: "2026-12-28")
        #expect(run.caseFile.deadlines.decisionBy == day("2027-01-06"))
        #expect(run.caseFile.deadlines.decisionProvisional)
        #expect(run.caseFile.flags.contains("provisional_deadline"))
    }

    @Test func theClockValueCountsOnlyWhileRunning() {
        var clock = DecisionClock()
        #expect(clock.deadline(calendar: Seeds.calendar) == nil)
        clock.start(on: day("2026-02-13"), limit: 7)
        #expect(clock.deadline(calendar: Seeds.calendar)?.date == day("2026-03-02"))
        clock.pause(on: day("2026-02-24"), calendar: Seeds.calendar)  // Sat 14 Feb and Tue 24 Feb used
        #expect(clock.usedWorkingDays == 2 && !clock.isRunning)
        clock.pause(on: day("2026-02-27"), calendar: Seeds.calendar)  // pausing twice changes nothing
        #expect(clock.usedWorkingDays == 2)
        clock.resume(on: day("2026-02-27"))
        #expect(clock.deadline(calendar: Seeds.calendar)?.date == day("2026-03-05"))  // 5 left: Sat 28 Feb, 2, 3, 4, 5 Mar
    }
}
