/// The domain's hard rules as pure checks: nil when the rule holds, else the refusal that says why.
///
/// Guards, `Screening`, `AutomaticDecision` and `EndorsementIssuance` all use these, so a rule is written once.
public enum EligibilityRules {
    /// No other open application for the same applicant and destination.
    public static func duplicate(_ caseFile: CaseFile, facts: CaseFacts) -> Refusal? {
        let clash = Set(caseFile.destinations).intersection(facts.otherOpenCaseDestinations)
        guard !clash.isEmpty else { return nil }
        let names = clash.sorted().map(\.rawValue).joined(separator: ", ")
        return Refusal(
            code: Refusal.Code.duplicateOpenApplication,
            message: "the applicant already has an open application for \(names); finish or withdraw it first")
    }

    /// The place of work was in a region in force for the category on the submission date.
    public static func region(_ caseFile: CaseFile, facts: CaseFacts, policy: Policy, book: PolicyBook, today: CivilDate) -> Refusal? {
        policy.regionRefusal(
            category: caseFile.category, workCity: facts.applicantWorkCity,
            submittedOn: caseFile.submittedOn ?? today, book: book)
    }

    /// The office may take this category from this place of work.
    public static func office(_ caseFile: CaseFile, facts: CaseFacts, policy: Policy, book: PolicyBook, today: CivilDate) -> Refusal? {
        policy.officeRefusal(
            office: caseFile.officeValue, category: caseFile.category, workCity: facts.applicantWorkCity,
            on: caseFile.submittedOn ?? today, book: book)
    }

    /// The EEP that would carry endorsements issued on `issueDay` covers validity + margin.
    ///
    /// A recorded new EEP is checked instead of the old one; a requested but unrecorded new EEP passes
    /// here (issue waits for it, see `newEEP`).
    public static func eep(_ caseFile: CaseFile, facts: CaseFacts, policy: Policy, issueDay: CivilDate) -> Refusal? {
        guard let rule = policy.rule(for: caseFile.category) else { return missingRule(caseFile, policy) }
        let validity = ValidityPeriod.starting(on: issueDay, years: rule.validityYears)
        let needed = validity.until.adding(days: policy.eepMarginDays)
        if let newEEP = facts.newEEPExpiresOn {
            guard newEEP < needed else { return nil }
            return Refusal(
                code: caseFile.newEEPRequested ? Refusal.Code.awaitingNewEEP : Refusal.Code.eepValidityInsufficient,
                message: "the new EEP expires on \(newEEP); it must be valid through \(needed) (validity \(validity) + \(policy.eepMarginDays) days)")
        }
        if caseFile.newEEPRequested { return nil }
        guard facts.eepExpiresOn < needed else { return nil }
        return Refusal(
            code: Refusal.Code.eepValidityInsufficient,
            message: "the EEP expires on \(facts.eepExpiresOn); it must be valid through \(needed) (validity \(validity) + \(policy.eepMarginDays) days); apply for a new EEP in the same application")
    }

    /// A requested new EEP is recorded and long enough for endorsements issued on `issueDay`.
    public static func newEEP(_ caseFile: CaseFile, facts: CaseFacts, policy: Policy, issueDay: CivilDate) -> Refusal? {
        guard caseFile.newEEPRequested else { return nil }
        guard facts.newEEPExpiresOn != nil else {
            return Refusal(code: Refusal.Code.awaitingNewEEP, message: "a new EEP was applied for and is not recorded yet; issue waits for it")
        }
        return eep(caseFile, facts: facts, policy: policy, issueDay: issueDay)
    }

    /// The documents the category requires that were not received.
    public static func missingDocuments(_ caseFile: CaseFile, policy: Policy) -> Set<DocumentKind> {
        Set(policy.rule(for: caseFile.category)?.documents ?? []).subtracting(caseFile.documentsReceived)
    }

    /// Every required document was received.
    public static func documents(_ caseFile: CaseFile, policy: Policy) -> Refusal? {
        let missing = missingDocuments(caseFile, policy: policy)
        guard !missing.isEmpty else { return nil }
        return Refusal(code: Refusal.Code.documentsMissing, message: "missing: \(names(missing))")
    }

    /// Legal talent is on an official arbitrator or mediator list, or a supervisor verified that they are on one.
    ///
    /// The lists loaded here are a lookup, not the whole truth: a legal case on neither is referred to a
    /// supervisor, who verifies (`verifyEligibility`) and proceeds, or rejects.
    public static func officialList(_ caseFile: CaseFile, facts: CaseFacts, policy: Policy) -> Refusal? {
        guard policy.rule(for: caseFile.category)?.eligibility == .officialArbitratorOrMediatorList else { return nil }
        if facts.onArbitratorList || facts.onMediatorList || caseFile.verifiedByPerson { return nil }
        return Refusal(
            code: Refusal.Code.notOnOfficialList,
            message: "the applicant is on neither the official arbitrator list nor the mediator list loaded here; a supervisor must verify it first (permit case verify) or reject")
    }

    /// Outstanding talent is on a recommendation list or was verified by a person.
    public static func recommendedOrVerified(_ caseFile: CaseFile, facts: CaseFacts, policy: Policy) -> Refusal? {
        guard policy.rule(for: caseFile.category)?.eligibility == .recommendationListOrPersonVerification else { return nil }
        if facts.onRecommendationList || caseFile.verifiedByPerson { return nil }
        return Refusal(code: Refusal.Code.needsVerification, message: "the applicant is on no recommendation list; a supervisor must verify eligibility first")
    }

    /// Hetao: the employer is in the park and the person × employer registration is active.
    public static func hetaoRegistration(_ caseFile: CaseFile, facts: CaseFacts, policy: Policy) -> Refusal? {
        guard policy.rule(for: caseFile.category)?.eligibility == .hetaoParkRegistration else { return nil }
        if !facts.applicantEmployerInHetaoPark {
            return Refusal(code: Refusal.Code.hetaoRegistrationInactive, message: "the employer is not registered in the Hetao Shenzhen Park")
        }
        if !facts.hetaoRegistrationActive {
            return Refusal(code: Refusal.Code.hetaoRegistrationInactive, message: "the applicant has no active registration with the park's management for this employer")
        }
        return nil
    }

    /// The pinned policy lacks a rule for the category.
    static func missingRule(_ caseFile: CaseFile, _ policy: Policy) -> Refusal {
        Refusal(code: Refusal.Code.categoryNotInPolicy, message: "policy \(policy.version) has no rule for \(caseFile.category.rawValue)")
    }

    /// Document names in a stable order.
    static func names(_ documents: Set<DocumentKind>) -> String {
        documents.sorted().map(\.rawValue).joined(separator: ", ")
    }
}
