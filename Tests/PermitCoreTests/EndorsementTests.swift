import Foundation
import Testing
@testable import PermitCore

@Suite("Endorsements")
struct EndorsementTests {
    func approvedCase(_ category: TalentCategory, pinned version: String = "2025-11-05", destinations: [Destination] = [.macao, .hongKong]) -> CaseFile {
        var file = Sample.draft(category, destinations: destinations)
        file.state = .approved
        file.policyVersion = version
        return file
    }

    func active(until: String = "2029-03-01") -> Endorsement {
        Endorsement(
            number: "T-HK-000001", caseID: Sample.caseID, applicantID: Sample.applicantID, destination: .hongKong,
            category: .research, validFrom: day("2026-03-02"), validUntil: day(until), maxStayDays: 30, feeCNY: 240,
            policyVersion: "2025-11-05")
    }

    @Test("one endorsement per destination, with the category's validity and fee", arguments: [
        (TalentCategory.outstanding, "2031-03-01", 240), (.research, "2029-03-01", 240), (.legal, "2027-03-01", 80),
        (.other, "2027-03-01", 80), (.hetaoPark, "2029-03-01", 240),
    ])
    func terms(category: TalentCategory, until: String, fee: Int) throws {
        let terms = try EndorsementIssuance.terms(
            for: approvedCase(category), issuedOn: day("2026-03-02"), facts: Sample.facts(), policies: Seeds.policies).get()
        #expect(terms.map(\.destination) == [.hongKong, .macao])
        for term in terms {
            #expect(term.validFrom == day("2026-03-02") && term.validUntil == day(until))
            #expect(term.feeCNY == fee && term.maxStayDays == 30 && term.policyVersion == "2025-11-05")
        }
    }

    @Test func thePinnedPolicyGovernsEvenAfterALaterChange() throws {
        // A later version shortens stays and raises fees; a case pinned to the earlier one keeps the earlier terms.
        var later = try #require(Seeds.policies.version("2025-11-05"))
        later.version = "2027-01-01"
        later.effectiveFrom = day("2027-01-01")
        later.maxStayDays = 14
        later.fees.endorsementBands = [FeeBand(upToMonths: nil, feeCNY: 999, label: "all")]
        let book = PolicyBook(policies: Seeds.policies.policies + [later], cities: Seeds.policies.cities)
        #expect(book.inForce(on: day("2027-02-01"))?.version == "2027-01-01")
        let terms = try EndorsementIssuance.terms(for: approvedCase(.research), issuedOn: day("2027-02-01"), facts: Sample.facts(), policies: book).get()
        #expect(terms.allSatisfy { $0.maxStayDays == 30 && $0.feeCNY == 240 && $0.policyVersion == "2025-11-05" })
        let newer = try EndorsementIssuance.terms(for: approvedCase(.research, pinned: "2027-01-01"), issuedOn: day("2027-02-01"), facts: Sample.facts(), policies: book).get()
        #expect(newer.allSatisfy { $0.maxStayDays == 14 && $0.feeCNY == 999 })
    }

    @Test func aValidityThatWouldOutliveTheEEPIsRefusedNeverShortened() {
        let result = EndorsementIssuance.terms(for: approvedCase(.research), issuedOn: day("2026-03-02"), facts: Sample.facts(eep: "2028-01-01"), policies: Seeds.policies)
        #expect(throws: Refusal.self) { try result.get() }
        if case .failure(let refusal) = result { #expect(refusal.code == Refusal.Code.validityBeyondEEP) }
        var waiting = approvedCase(.research)
        waiting.newEEPRequested = true
        let pending = EndorsementIssuance.terms(for: waiting, issuedOn: day("2026-03-02"), facts: Sample.facts(eep: "2028-01-01"), policies: Seeds.policies)
        if case .failure(let refusal) = pending { #expect(refusal.code == Refusal.Code.awaitingNewEEP) } else { Issue.record("issued without the new EEP") }
    }

    @Test func anEndorsementCopiesTheCaseAndTerms() throws {
        let file = approvedCase(.health, destinations: [.macao])
        let terms = try #require(try EndorsementIssuance.terms(for: file, issuedOn: day("2026-03-02"), facts: Sample.facts(), policies: Seeds.policies).get().first)
        let endorsement = Endorsement(number: "MO-1", caseID: file.id, applicantID: file.applicantID, destination: terms.destination, category: file.category, validFrom: terms.validFrom, validUntil: terms.validUntil, maxStayDays: terms.maxStayDays, feeCNY: terms.feeCNY, policyVersion: terms.policyVersion)
        #expect(Endorsement(number: "MO-1", caseFile: file, terms: terms) == endorsement)
        #expect(endorsement.status == .active && endorsement.destination == .macao)
    }

    @Test func expiryAndVoiding() throws {
        let endorsement = active()
        #expect(throws: Refusal.self) { try EndorsementLifecycle.expire(endorsement, asOf: day("2029-03-01")).get() }
        #expect(try EndorsementLifecycle.expire(endorsement, asOf: day("2029-03-02")).get().status == .expired)
        #expect(throws: Refusal.self) { try EndorsementLifecycle.void(endorsement, eepExpiredOn: day("2029-03-01")).get() }
        #expect(try EndorsementLifecycle.void(endorsement, eepExpiredOn: day("2029-02-28")).get().status == .void)
    }

    @Test func revocationNeedsAReasonAndOnlyActiveEndorsementsMove() throws {
        let endorsement = active()
        #expect(throws: Refusal.self) { try EndorsementLifecycle.revoke(endorsement, reason: "  ").get() }
        let revoked = try EndorsementLifecycle.revoke(endorsement, reason: "registration_cancelled").get()
        #expect(revoked.status == .revoked && revoked.statusReason == "registration_cancelled")
        #expect(throws: Refusal.self) { try EndorsementLifecycle.supersede(revoked).get() }
        #expect(throws: Refusal.self) { try EndorsementLifecycle.expire(revoked, asOf: day("2035-01-01")).get() }
        #expect(try EndorsementLifecycle.supersede(endorsement).get().status == .superseded)
    }

    @Test("the daily sweep", arguments: [
        ("2035-01-01", "2029-03-01", nil as EndorsementStatus?),       // still valid
        ("2035-01-01", "2029-03-02", .expired),                       // validity ended
        ("2028-06-30", "2028-07-01", .void),                          // the EEP ended first (lost, replaced)
        ("2028-06-30", "2028-06-30", nil),                            // ... but not yet over
    ])
    func sweep(eep: String, on date: String, expected: EndorsementStatus?) {
        #expect(EndorsementLifecycle.sweepStatus(active(), eepExpiresOn: day(eep), on: day(date)) == expected)
    }

    /// 2029-03-01 − 90 days = 2028-12-01 (31 + 31 + 28 days).
    @Test("renewal reminder 90 days before expiry", arguments: [
        ("2028-11-30", false), ("2028-12-01", true), ("2029-03-01", true), ("2029-03-02", false),
    ])
    func renewalReminder(on date: String, due: Bool) throws {
        let policy = try #require(Seeds.policies.version("2025-11-05"))
        #expect(EndorsementLifecycle.renewalReminderDue(active(), on: day(date), policy: policy) == due)
    }

    @Test func aCancelledHetaoRegistrationOpensARevocationReview() {
        var endorsement = active()
        #expect(!EndorsementLifecycle.needsRevocationReview(endorsement, hetaoRegistrationActive: false))
        endorsement.category = .hetaoPark
        #expect(EndorsementLifecycle.needsRevocationReview(endorsement, hetaoRegistrationActive: false))
        #expect(!EndorsementLifecycle.needsRevocationReview(endorsement, hetaoRegistrationActive: true))
    }
}
