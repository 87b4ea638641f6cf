import Foundation
import Testing
@testable import PermitCore

/// Guards about people, lists, documents and reasons.
@Suite("Guards: people, lists, documents, reasons")
struct GuardPeopleTests {
    /// A research case accepted on 2026-03-02 and under review by alice.
    func underReview(_ category: TalentCategory = .research, facts: CaseFacts = Sample.facts()) -> CaseRun {
        var run = CaseRun(Sample.draft(category, office: "shenzhen"), facts: facts)
        run.accept(on: "2026-03-02")
        run.fire(.startReview, by: People.alice, on: "2026-03-03")
        return run
    }

    @Test func fourEyesTheApproverNeitherPreparedNorReviewed() {
        var run = underReview()
        #expect(run.refusal(.approve(note: nil), by: People.alice, on: "2026-03-04") == Refusal.Code.fourEyes)
        #expect(run.refusal(.approve(note: nil), by: People.bob, on: "2026-03-04") == nil)
        // A caseworker who prepared the case (submitted it) may not approve it either.
        var prepared = CaseRun(Sample.draft(.research))
        prepared.accept(on: "2026-03-02", by: People.bob)
        prepared.fire(.startReview, by: People.alice, on: "2026-03-03")
        #expect(prepared.refusal(.approve(note: nil), by: People.bob, on: "2026-03-04") == Refusal.Code.fourEyes)
        #expect(prepared.refusal(.approve(note: nil), by: People.carol, on: "2026-03-04") == nil)
        run.fire(.approve(note: "ok"), by: People.carol, on: "2026-03-04")
        #expect(run.caseFile.approvedBy == "carol")
    }

    @Test func whoeverReceivedDocumentsCountsAsAPreparer() {
        var run = CaseRun(Sample.draft(.research))
        run.fire(.submit, by: People.clerk, on: "2026-03-02")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        run.fire(.requestDocuments([.employmentCertificate, .titleCertificate]), by: People.system, on: "2026-03-02")
        run.fire(.receiveDocuments([.employmentCertificate, .titleCertificate]), by: People.bob, on: "2026-03-05")
        run.fire(.screeningPassed, by: People.system, on: "2026-03-05")
        run.fire(.startReview, by: People.alice, on: "2026-03-05")
        #expect(run.caseFile.preparers == ["chen.clerk", "bob"])
        #expect(run.refusal(.approve(note: nil), by: People.bob, on: "2026-03-06") == Refusal.Code.fourEyes)
        #expect(run.refusal(.approve(note: nil), by: People.sam, on: "2026-03-06") == nil)
    }

    @Test func theSystemRecordingAnUploadIsNotAPreparer() {
        var run = CaseRun(Sample.draft(.research))
        run.fire(.submit, by: People.clerk, on: "2026-03-02")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        run.fire(.requestDocuments([.employmentCertificate, .titleCertificate]), by: People.system, on: "2026-03-02")
        run.fire(.receiveDocuments([.employmentCertificate, .titleCertificate]), by: People.system, on: "2026-03-05")
        #expect(run.caseFile.preparedBy == "chen.clerk" && run.caseFile.preparers == ["chen.clerk"])
    }

    @Test("a rejection needs a reason code", arguments: [
        ("", Refusal.Code.reasonRequired as String?), ("Not eligible", Refusal.Code.reasonRequired), ("not_eligible", nil),
    ])
    func rejectionReason(reason: String, expected: String?) {
        var run = underReview()
        #expect(run.refusal(.reject(reason: reason, note: nil), by: People.alice, on: "2026-03-04") == expected)
        if expected == nil {
            run.fire(.reject(reason: reason, note: "n"), by: People.alice, on: "2026-03-04")
            #expect(run.caseFile.reasonCode == reason && run.steps.last?.record.reasonCode == reason)
        }
    }

    @Test func withdrawalOnlyBeforeADecision() {
        var run = underReview()
        #expect(run.refusal(.withdraw(note: nil), by: People.clerk, on: "2026-03-04") == nil)
        run.fire(.approve(note: nil), by: People.bob, on: "2026-03-04")
        #expect(run.refusal(.withdraw(note: nil), by: People.clerk, on: "2026-03-04") == Refusal.Code.transitionNotAllowed)
        // The guard also holds if a decided case were somehow back in an open state.
        var odd = run.caseFile
        odd.state = .underReview
        let result = CaseMachine.apply(.withdraw(note: nil), to: odd, by: People.clerk, at: at("2026-03-05"), facts: run.facts, policies: Seeds.policies, calendar: Seeds.calendar)
        #expect(throws: Refusal.self) { try result.get() }
    }

    @Test("legal talent must be on an official list", arguments: [
        (false, false, Refusal.Code.notOnOfficialList as String?), (true, false, nil), (false, true, nil),
    ])
    func legalList(arbitrator: Bool, mediator: Bool, expected: String?) {
        let run = screeningLegal(arbitrator: arbitrator, mediator: mediator)
        #expect(run.refusal(.screeningPassed, by: People.system, on: "2026-03-02") == expected)
    }

    /// A legal case with its employment certificate, submitted and in screening on 2 March 2026.
    func screeningLegal(arbitrator: Bool, mediator: Bool) -> CaseRun {
        var facts = Sample.facts()
        facts.onArbitratorList = arbitrator
        facts.onMediatorList = mediator
        var run = CaseRun(Sample.draft(.legal), facts: facts)
        run.caseFile.documentsReceived = [.employmentCertificate]
        run.fire(.submit, by: People.clerk, on: "2026-03-02")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        return run
    }

    @Test func legalTalentOnNoListIsReferredToASupervisorWhoVerifiesOrRejects() {
        var run = screeningLegal(arbitrator: false, mediator: false)
        let outcome = Screening.evaluate(run.caseFile, facts: run.facts, policies: Seeds.policies, on: day("2026-03-02"))
        guard case .refer(let doubt) = outcome.event else { Issue.record("expected a referral, got \(outcome.event)"); return }
        #expect(doubt.contains("official"))
        #expect(outcome.checks.first { $0.name == "official_list" }?.passed == false)
        var rejecting = run
        run.fire(outcome.event, by: People.system, on: "2026-03-02")
        #expect(run.caseFile.state == .escalated && run.caseFile.clock.isRunning)
        #expect(run.refusal(.approve(note: nil), by: People.sam, on: "2026-03-03") == Refusal.Code.notOnOfficialList)
        run.fire(.verifyEligibility(note: "on the arbitration centre's panel"), by: People.sam, on: "2026-03-03")
        #expect(run.refusal(.approve(note: nil), by: People.sam, on: "2026-03-03") == nil)
        // Handed back, the caseworker may approve the verified case too.
        run.fire(.returnToReview(note: nil), by: People.sam, on: "2026-03-03")
        #expect(run.refusal(.approve(note: nil), by: People.alice, on: "2026-03-04") == nil)
        rejecting.fire(outcome.event, by: People.system, on: "2026-03-02")
        rejecting.fire(.reject(reason: Refusal.Code.notOnOfficialList, note: nil), by: People.sam, on: "2026-03-03")
        #expect(rejecting.caseFile.state == .rejected && rejecting.caseFile.reasonCode == "not_on_official_list")
    }

    @Test func outstandingTalentOnNoListNeedsAPersonToVerify() {
        var facts = Sample.facts()
        facts.onRecommendationList = false
        var run = CaseRun(Sample.draft(.outstanding, office: "guangzhou"), facts: facts)
        run.fire(.submit, by: People.clerk, on: "2026-03-02")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        let outcome = Screening.evaluate(run.caseFile, facts: facts, policies: Seeds.policies, on: day("2026-03-02"))
        guard case .refer = outcome.event else { Issue.record("expected a referral, got \(outcome.event)"); return }
        run.fire(outcome.event, by: People.system, on: "2026-03-02")
        #expect(run.caseFile.state == .escalated)
        #expect(run.refusal(.approve(note: nil), by: People.sam, on: "2026-03-03") == Refusal.Code.needsVerification)
        run.fire(.verifyEligibility(note: "met in person"), by: People.sam, on: "2026-03-03")
        #expect(run.caseFile.verifiedByPerson)
        #expect(run.refusal(.approve(note: nil), by: People.sam, on: "2026-03-03") == nil)
    }

    @Test func noOtherOpenApplicationForTheSameDestination() {
        var facts = Sample.facts()
        facts.otherOpenCaseDestinations = [.macao]
        let both = CaseRun(Sample.draft(.research, destinations: [.hongKong, .macao]), facts: facts)
        #expect(both.refusal(.submit, by: People.clerk, on: "2026-03-02") == Refusal.Code.duplicateOpenApplication)
        let hongKong = CaseRun(Sample.draft(.research, destinations: [.hongKong]), facts: facts)
        #expect(hongKong.refusal(.submit, by: People.clerk, on: "2026-03-02") == nil)
    }

    @Test("destinations: at least one, none twice", arguments: [
        ([Destination](), Refusal.Code.destinationsInvalid as String?), ([.hongKong, .hongKong], Refusal.Code.destinationsInvalid),
        ([.macao], nil), ([.macao, .hongKong], nil),
    ])
    func destinations(list: [Destination], expected: String?) {
        let run = CaseRun(Sample.draft(.research, destinations: list))
        #expect(run.refusal(.submit, by: People.clerk, on: "2026-03-02") == expected)
    }

    @Test func documentsMustBeCompleteAndRequestedInFull() {
        var run = CaseRun(Sample.draft(.research))
        run.caseFile.documentsReceived = [.employmentCertificate]
        run.fire(.submit, by: People.clerk, on: "2026-03-02")
        run.fire(.beginScreening, by: People.system, on: "2026-03-02")
        #expect(run.refusal(.screeningPassed, by: People.system, on: "2026-03-02") == Refusal.Code.documentsMissing)
        #expect(run.refusal(.requestDocuments([]), by: People.system, on: "2026-03-02") == Refusal.Code.documentsListInvalid)
        #expect(run.refusal(.requestDocuments([.recognitionCertificate]), by: People.system, on: "2026-03-02") == Refusal.Code.documentsListInvalid)
        run.fire(.requestDocuments([.titleCertificate]), by: People.system, on: "2026-03-02")
        #expect(run.caseFile.completenessNoticeSent && run.caseFile.missingDocuments == [.titleCertificate])
        // Partial answer, then screening again: the notice was sent once, so no second notice.
        run.fire(.receiveDocuments([.recognitionCertificate]), by: People.clerk, on: "2026-03-04")
        #expect(run.caseFile.state == .screening)
        #expect(run.refusal(.requestDocuments([.titleCertificate]), by: People.system, on: "2026-03-04") == Refusal.Code.completenessNoticeAlreadySent)
        let outcome = Screening.evaluate(run.caseFile, facts: run.facts, policies: Seeds.policies, on: day("2026-03-04"))
        #expect(outcome.event == .reject(reason: Refusal.Code.documentsIncomplete, note: outcome.event.note))
    }

    @Test func hetaoRegistrationMustBeActiveAndTheEmployerInThePark() {
        for (inPark, active, expected) in [(true, true, nil), (true, false, Refusal.Code.hetaoRegistrationInactive), (false, true, Refusal.Code.hetaoRegistrationInactive)] {
            var facts = Sample.facts()
            facts.applicantEmployerInHetaoPark = inPark
            facts.hetaoRegistrationActive = active
            var run = CaseRun(Sample.draft(.hetaoPark), facts: facts)
            run.fire(.submit, by: People.clerk, on: "2026-03-02")
            run.fire(.beginScreening, by: People.system, on: "2026-03-02")
            #expect(run.refusal(.screeningPassed, by: People.system, on: "2026-03-02") == expected)
        }
    }

    @Test func theRegistrationIsCheckedAgainAtDecisionTime() {
        var run = CaseRun(Sample.draft(.hetaoPark))
        run.accept(on: "2026-03-02")
        run.facts.hetaoRegistrationActive = false
        #expect(run.refusal(.approve(note: nil), by: People.system, on: "2026-03-03") == Refusal.Code.hetaoRegistrationInactive)
        let decision = AutomaticDecision.decide(run.caseFile, facts: run.facts, policies: Seeds.policies, on: day("2026-03-03"))
        #expect(decision == .reject(reason: Refusal.Code.hetaoRegistrationInactive, note: decision?.note))
    }

    @Test func straightThroughNeedsThePolicyToAllowIt() throws {
        let book = PolicyBook(
            policies: Seeds.policies.policies.map { policy in
                var copy = policy
                copy.hetao.straightThrough = false
                return copy
            }, cities: Seeds.policies.cities)
        var file = Sample.draft(.hetaoPark)
        file.state = .accepted
        file.policyVersion = "2025-11-05"
        file.submittedOn = day("2026-03-02")
        file.acceptedOn = day("2026-03-02")
        let result = CaseMachine.apply(.approve(note: nil), to: file, by: .system, at: at("2026-03-02"), facts: Sample.facts(), policies: book, calendar: Seeds.calendar)
        #expect(throws: Refusal(code: Refusal.Code.straightThroughDisabled, message: "policy 2025-11-05 requires a person to decide Hetao cases")) { try result.get() }
        guard case .refer = AutomaticDecision.decide(file, facts: Sample.facts(), policies: book, on: day("2026-03-02")) else {
            Issue.record("expected a referral")
            return
        }
    }

    @Test func claimAndReleaseChangeOnlyTheAssignee() {
        var run = underReview()
        #expect(run.caseFile.assignee == "alice")
        #expect(run.refusal(.claim, by: People.bob, on: "2026-03-04") == Refusal.Code.alreadyAssigned)
        #expect(run.refusal(.release, by: People.bob, on: "2026-03-04") == Refusal.Code.notAssignee)
        let step = run.fire(.release, by: People.sam, on: "2026-03-04")
        #expect(step?.record.from == .underReview && step?.record.to == .underReview)
        #expect(run.caseFile.assignee == nil)
        run.fire(.claim, by: People.bob, on: "2026-03-04")
        #expect(run.caseFile.assignee == "bob" && run.caseFile.state == .underReview)
    }

    @Test func theCategoryMustMatchThePinnedWorkflowAndThePolicyMustBeLoaded() {
        var file = Sample.draft(.hetaoPark)
        file.workflowVersion = "standard@1"
        #expect(CaseRun(file).refusal(.submit, by: People.clerk, on: "2026-03-02") == Refusal.Code.workflowMismatch)
        file.workflowVersion = "standard@99"
        #expect(CaseRun(file).refusal(.submit, by: People.clerk, on: "2026-03-02") == Refusal.Code.workflowVersionUnknown)
        var pinned = underReview().caseFile
        pinned.policyVersion = "1999-01-01"
        #expect(CaseRun(pinned).refusal(.approve(note: nil), by: People.bob, on: "2026-03-04") == Refusal.Code.policyVersionUnknown)
    }
}
