import Foundation
import Testing
@testable import PermitCore

/// Guards that turn on a date, each tested the day before and the day of its boundary.
@Suite("Guards at their boundary dates")
struct GuardDateBoundaryTests {
    @Test("region: the day before and the day a region starts", arguments: [
        ("guangzhou", "2023-02-20", nil as String?),
        ("beijing", "2024-05-05", Refusal.Code.regionNotInForce), ("beijing", "2024-05-06", nil),
        ("shanghai", "2024-05-05", Refusal.Code.regionNotInForce), ("shanghai", "2024-05-06", nil),
        ("hangzhou", "2025-11-04", Refusal.Code.regionNotInForce), ("hangzhou", "2025-11-05", nil),
        ("shijiazhuang", "2025-11-04", Refusal.Code.regionNotInForce), ("shijiazhuang", "2025-11-05", nil),
        ("wuhan", "2025-11-04", Refusal.Code.regionNotInForce), ("wuhan", "2025-11-05", nil),
    ])
    func regionStarts(city: String, submitted: String, expected: String?) {
        var run = CaseRun(Sample.draft(.research, office: city), facts: Sample.facts(city: city))
        run.caseFile.documentsReceived = [.employmentCertificate, .titleCertificate]
        run.fire(.submit, by: People.clerk, on: submitted)
        run.fire(.beginScreening, by: People.system, on: submitted)
        #expect(run.refusal(.screeningPassed, by: People.system, on: submitted) == expected)
        let outcome = Screening.evaluate(run.caseFile, facts: run.facts, policies: Seeds.policies, on: day(submitted))
        if let expected { #expect(outcome.event == .reject(reason: expected, note: outcome.event.note)) } else { #expect(outcome.event == .screeningPassed) }
    }

    @Test func beforeTheFirstPolicyNothingCanBeSubmitted() {
        let run = CaseRun(Sample.draft(.research, office: "guangzhou"), facts: Sample.facts(city: "guangzhou"))
        #expect(run.refusal(.submit, by: People.clerk, on: "2023-02-19") == Refusal.Code.noPolicyInForce)
        #expect(run.refusal(.submit, by: People.clerk, on: "2023-02-20") == nil)
    }

    @Test func hetaoEndorsementsStartOnTheFifthOfNovember2025() {
        let run = CaseRun(Sample.draft(.hetaoPark, office: "shenzhen"))
        #expect(run.refusal(.submit, by: People.clerk, on: "2025-11-04") == Refusal.Code.categoryNotInPolicy)
        #expect(run.refusal(.submit, by: People.clerk, on: "2025-11-05") == nil)
    }

    @Test func theRegionIsJudgedOnTheSubmissionDateUnderThePinnedPolicy() {
        // Submitted the day before the Yangtze River Delta joined: screening later does not help.
        var run = CaseRun(Sample.draft(.research, office: "hangzhou"), facts: Sample.facts(city: "hangzhou"))
        run.caseFile.documentsReceived = [.employmentCertificate, .titleCertificate]
        run.fire(.submit, by: People.clerk, on: "2025-11-04")
        #expect(run.caseFile.policyVersion == "2024-05-06")
        run.fire(.beginScreening, by: People.system, on: "2025-11-10")
        #expect(run.refusal(.screeningPassed, by: People.system, on: "2025-11-10") == Refusal.Code.regionNotInForce)
    }

    /// Research (3 years) screened on 2026-03-02: valid through 2029-03-01, so the EEP must last through 2029-03-21.
    @Test("EEP expiring at validity + 19 and + 20 days", arguments: [
        ("2029-03-20", Refusal.Code.eepValidityInsufficient as String?), ("2029-03-21", nil),
    ])
    func eepMargin(eep: String, expected: String?) {
        var run = CaseRun(Sample.draft(.research), facts: Sample.facts(eep: eep))
        run.caseFile.documentsReceived = [.employmentCertificate, .titleCertificate]
        run.fire(.submit, by: People.clerk, on: "2026-03-02")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        #expect(run.refusal(.screeningPassed, by: People.system, on: "2026-03-02") == expected)
        let terms = EndorsementIssuance.terms(for: run.caseFile, issuedOn: day("2026-03-02"), facts: run.facts, policies: Seeds.policies)
        switch terms {
        case .success(let list): #expect(expected == nil && list.allSatisfy { $0.validUntil == day("2029-03-01") })
        case .failure(let refusal): #expect(refusal.code == expected)
        }
    }

    @Test("29 February: issued 2028-02-29 for 3 years, valid through 2031-02-27, EEP needed through 2031-03-19", arguments: [
        ("2031-03-18", Refusal.Code.eepValidityInsufficient as String?), ("2031-03-19", nil),
    ])
    func leapDayIssue(eep: String, expected: String?) throws {
        var file = Sample.draft(.research)
        file.policyVersion = "2025-11-05"
        file.state = .approved
        let terms = EndorsementIssuance.terms(for: file, issuedOn: day("2028-02-29"), facts: Sample.facts(eep: eep), policies: Seeds.policies)
        switch terms {
        case .success(let list):
            #expect(expected == nil)
            #expect(list.map(\.validUntil) == [day("2031-02-27"), day("2031-02-27")])
            #expect(list.map(\.validFrom) == [day("2028-02-29"), day("2028-02-29")])
        case .failure(let refusal):
            #expect(refusal.code == expected)
        }
    }

    @Test func aShortEEPPassesWhenANewOneIsAppliedForAndIssueWaitsForIt() throws {
        var run = CaseRun(Sample.draft(.research, newEEP: true), facts: Sample.facts(eep: "2027-01-01"))
        run.accept(on: "2026-03-02")
        #expect(run.caseFile.state == .accepted)
        #expect(run.caseFile.flags.contains("awaiting_new_eep"))
        run.fire(.startReview, by: People.alice, on: "2026-03-03")
        run.fire(.approve(note: nil), by: People.bob, on: "2026-03-04")
        #expect(run.refusal(.issue, by: People.system, on: "2026-03-05") == Refusal.Code.awaitingNewEEP)
        run.facts.newEEPExpiresOn = day("2029-03-24")  // needed: 2029-03-04 + 20 = 2029-03-24 for an issue on 2026-03-05
        #expect(run.refusal(.issue, by: People.system, on: "2026-03-06") == Refusal.Code.awaitingNewEEP)
        #expect(run.refusal(.issue, by: People.system, on: "2026-03-05") == nil)
        run.fire(.issue, by: People.system, on: "2026-03-05")
        #expect(run.caseFile.state == .issued)
        #expect(!run.caseFile.flags.contains("awaiting_new_eep"))
    }

    @Test("completeness notice: within 5 working days of submission, not after", arguments: [
        ("2026-02-27", nil as String?), ("2026-02-28", Refusal.Code.completenessPeriodOver),
    ])
    func completenessWindow(requestedOn: String, expected: String?) {
        // Submitted Fri 13 Feb 2026: Sat 14 Feb (make-up) is working day 1, 15–23 Feb are off, so day 5 is Fri 27 Feb.
        var run = CaseRun(Sample.draft(.research))
        run.fire(.submit, by: People.clerk, on: "2026-02-13")
        #expect(run.caseFile.deadlines.completenessNoticeBy == day("2026-02-27"))
        run.fire(.beginScreening, by: People.system, on: "2026-02-13")
        let request = CaseEvent.requestDocuments([.employmentCertificate, .titleCertificate])
        #expect(run.refusal(request, by: People.system, on: requestedOn) == expected)
        // Deemed acceptance is the mirror image.
        let deemed = run.refusal(.deemAccepted, by: People.system, on: requestedOn)
        #expect(deemed == (expected == nil ? Refusal.Code.completenessPeriodRunning : nil))
    }

    @Test func aDeemedAcceptanceCountsFromTheSubmissionDay() {
        var run = CaseRun(Sample.draft(.research))
        run.fire(.submit, by: People.clerk, on: "2026-02-13")
        run.fire(.deemAccepted, by: People.system, on: "2026-03-05")
        #expect(run.caseFile.acceptedOn == day("2026-02-13"))
        // 7 working days after Fri 13 Feb: Sat 14 (make-up), 24, 25, 26, 27, Sat 28 (make-up), Mon 2 Mar.
        #expect(run.caseFile.deadlines.decisionBy == day("2026-03-02"))
        // The decision-deadline job is due at once: its day has already passed.
        #expect(run.steps.last?.effects.contains(.schedule(.decisionDeadline, dueAt: at("2026-03-05"))) == true)
    }

    @Test("supplementation: 30 calendar days, then the case may lapse", arguments: [
        ("2026-04-01", Refusal.Code.supplementationPeriodRunning as String?), ("2026-04-02", nil),
    ])
    func supplementationWindow(lapseOn: String, expected: String?) {
        var run = CaseRun(Sample.draft(.research))
        run.fire(.submit, by: People.clerk, on: "2026-03-02")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        run.fire(.requestDocuments([.employmentCertificate, .titleCertificate]), by: People.system, on: "2026-03-02")
        #expect(run.caseFile.deadlines.supplementationBy == day("2026-04-01"))
        #expect(run.steps.last?.effects.contains(.schedule(.lapseCheck, dueAt: day("2026-04-02").startOfDay(in: Seeds.shanghai))) == true)
        #expect(run.refusal(.lapse, by: People.system, on: lapseOn) == expected)
    }
}
