import Foundation
import Testing
@testable import PermitCore

@Suite("Workflow scenarios")
struct WorkflowScenarioTests {
    @Test func standardCaseFromDraftToIssue() throws {
        var run = CaseRun(Sample.draft(.research))
        run.caseFile.documentsReceived = [.employmentCertificate, .titleCertificate]
        let submittedStep = run.fire(.submit, by: People.clerk, on: "2026-03-02")
        let submitted = try #require(submittedStep)
        #expect(submitted.caseFile.policyVersion == "2025-11-05")
        #expect(submitted.caseFile.submittedOn == day("2026-03-02"))
        #expect(submitted.caseFile.deadlines.completenessNoticeBy == day("2026-03-09"))
        #expect(submitted.effects == [
            .schedule(.screen, dueAt: at("2026-03-02")),
            .schedule(.completenessCheck, dueAt: day("2026-03-10").startOfDay(in: Seeds.shanghai)),
        ])
        #expect(submitted.record.metadata["policy_version"] == "2025-11-05")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        let outcome = Screening.evaluate(run.caseFile, facts: run.facts, policies: Seeds.policies, on: day("2026-03-02"))
        #expect(outcome.event == .screeningPassed)
        #expect(outcome.checks.allSatisfy { $0.passed })
        let acceptedStep = run.fire(outcome.event, by: People.system, on: "2026-03-02")
        let accepted = try #require(acceptedStep)
        #expect(accepted.caseFile.acceptedOn == day("2026-03-02"))
        #expect(accepted.caseFile.deadlines.decisionBy == day("2026-03-11"))
        #expect(accepted.effects == [
            .cancel(.completenessCheck), .schedule(.decisionDeadline, dueAt: day("2026-03-12").startOfDay(in: Seeds.shanghai)),
        ])
        run.fire(.startReview, by: People.alice, on: "2026-03-03")
        let approvedStep = run.fire(.approve(note: "documents verified"), by: People.bob, on: "2026-03-04")
        let approved = try #require(approvedStep)
        #expect(approved.effects == [.cancel(.decisionDeadline), .schedule(.issue, dueAt: at("2026-03-04"))])
        #expect(approved.record.note == "documents verified")
        let issuedStep = run.fire(.issue, by: People.system, on: "2026-03-04")
        let issued = try #require(issuedStep)
        #expect(issued.effects == [.issueEndorsements])
        #expect(run.caseFile.state == .issued && run.caseFile.issuedOn == day("2026-03-04"))
        #expect(run.steps.map(\.record.to) == [.submitted, .screening, .accepted, .underReview, .approved, .issued])
        #expect(run.steps.map(\.record.actor.name) == ["chen.clerk", "system", "system", "alice", "bob", "system"])
        let terms = try EndorsementIssuance.terms(for: run.caseFile, issuedOn: day("2026-03-04"), facts: run.facts, policies: Seeds.policies).get()
        #expect(terms.map(\.destination) == [.hongKong, .macao])
        #expect(terms.allSatisfy { $0.validUntil == day("2029-03-03") && $0.feeCNY == 240 && $0.maxStayDays == 30 })
    }

    @Test func hetaoCleanCaseGoesStraightThroughWithNoPerson() throws {
        var run = CaseRun(Sample.draft(.hetaoPark, destinations: [.hongKong]))
        run.fire(.submit, by: People.clerk, on: "2026-03-02")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        let screening = Screening.evaluate(run.caseFile, facts: run.facts, policies: Seeds.policies, on: day("2026-03-02"))
        let acceptedStep = run.fire(screening.event, by: People.system, on: "2026-03-02")
        let accepted = try #require(acceptedStep)
        #expect(accepted.effects.contains(.schedule(.autoDecide, dueAt: at("2026-03-02"))))
        let decision = try #require(AutomaticDecision.decide(run.caseFile, facts: run.facts, policies: Seeds.policies, on: day("2026-03-02")))
        guard case .approve = decision else { Issue.record("expected approval, got \(decision)"); return }
        run.fire(decision, by: People.system, on: "2026-03-02")
        run.fire(.issue, by: People.system, on: "2026-03-02")
        #expect(run.caseFile.state == .issued)
        #expect(run.steps.allSatisfy { $0.record.actor == .system || $0.record.event == .submit })
        let terms = try EndorsementIssuance.terms(for: run.caseFile, issuedOn: day("2026-03-02"), facts: run.facts, policies: Seeds.policies).get()
        #expect(terms == [EndorsementTerms(destination: .hongKong, validFrom: day("2026-03-02"), validUntil: day("2029-03-01"), maxStayDays: 30, feeCNY: 240, policyVersion: "2025-11-05")])
    }

    @Test func aMissedDecisionDeadlineEscalatesToASupervisorWhoHandsItBack() {
        var run = CaseRun(Sample.draft(.legal))
        run.accept(on: "2026-03-02")
        run.fire(.escalate(note: "decision deadline passed"), by: People.system, on: "2026-03-12")
        #expect(run.caseFile.state == .escalated)
        run.fire(.extendDeadline(note: nil), by: People.sam, on: "2026-03-12")
        run.fire(.returnToReview(note: "please decide"), by: People.sam, on: "2026-03-12")
        run.fire(.approve(note: nil), by: People.alice, on: "2026-03-13")
        #expect(run.caseFile.state == .approved)
        #expect(run.steps.map(\.record.event) == [.submit, .beginScreening, .screeningPassed, .escalate, .extendDeadline, .returnToReview, .approve])
    }

    @Test func documentsRequestedAtScreeningGoBackToScreening() {
        var run = CaseRun(Sample.draft(.other))
        run.fire(.submit, by: People.clerk, on: "2026-03-02")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        let outcome = Screening.evaluate(run.caseFile, facts: run.facts, policies: Seeds.policies, on: day("2026-03-02"))
        #expect(outcome.event == .requestDocuments([.employmentCertificate, .recognitionCertificate]))
        run.fire(outcome.event, by: People.system, on: "2026-03-02")
        #expect(run.caseFile.acceptedOn == nil && !run.caseFile.clock.isRunning)
        let back = run.fire(.receiveDocuments([.employmentCertificate, .recognitionCertificate]), by: People.clerk2, on: "2026-03-10")
        #expect(back?.caseFile.state == .screening)
        #expect(back?.effects == [.cancel(.lapseCheck), .schedule(.screen, dueAt: at("2026-03-10"))])
        #expect(Screening.evaluate(run.caseFile, facts: run.facts, policies: Seeds.policies, on: day("2026-03-10")).event == .screeningPassed)
    }

    @Test func lapseAndWithdrawalCloseTheCase() {
        var lapsed = CaseRun(Sample.draft(.research))
        lapsed.fire(.submit, by: People.clerk, on: "2026-03-02")
        lapsed.fire(.beginScreening, by: People.system, on: "2026-03-02")
        lapsed.fire(.requestDocuments([.employmentCertificate, .titleCertificate]), by: People.system, on: "2026-03-02")
        let step = lapsed.fire(.lapse, by: People.system, on: "2026-04-02")
        #expect(step?.record.reasonCode == CaseMachine.lapseReasonCode)
        #expect(lapsed.caseFile.state == .lapsed && lapsed.caseFile.state.isTerminal && !lapsed.caseFile.state.isOpen)

        var withdrawn = CaseRun(Sample.draft(.research))
        withdrawn.accept(on: "2026-03-02")
        let out = withdrawn.fire(.withdraw(note: "applicant's request"), by: People.clerk, on: "2026-03-03")
        #expect(out?.effects.contains(.cancel(.decisionDeadline)) == true)
        #expect(withdrawn.refusal(.claim, by: People.alice, on: "2026-03-03") == Refusal.Code.caseClosed)
    }

    @Test func possibleEventsFollowTheTable() {
        var run = CaseRun(Sample.draft(.research))
        run.accept(on: "2026-03-02")
        #expect(CaseMachine.possibleEvents(for: run.caseFile, role: .caseworker) == [.startReview, .escalate, .withdraw, .claim, .release])
        #expect(CaseMachine.possibleEvents(for: run.caseFile, role: .supervisor) == [.extendDeadline, .withdraw, .claim, .release])
    }
}
