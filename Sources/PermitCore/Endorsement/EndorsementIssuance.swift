/// The terms of the endorsements an approved case issues, from its PINNED policy. Pure.
public enum EndorsementIssuance {
    /// One `EndorsementTerms` per destination (Hong Kong first), or why they cannot be issued on `issuedOn`.
    ///
    /// The EEP used is the recorded new EEP if there is one, else the current EEP. A validity that
    /// would outlive the EEP (or its 20-day margin) is refused, never shortened.
    public static func terms(for caseFile: CaseFile, issuedOn: CivilDate, facts: CaseFacts, policies: PolicyBook) -> Result<[EndorsementTerms], Refusal> {
        guard let version = caseFile.policyVersion, let policy = policies.version(version) else {
            return .failure(Refusal(code: Refusal.Code.policyVersionUnknown, message: "the case's policy version \(caseFile.policyVersion ?? "(none)") is not loaded"))
        }
        guard let rule = policy.rule(for: caseFile.category) else {
            return .failure(EligibilityRules.missingRule(caseFile, policy))
        }
        if let refusal = EligibilityRules.newEEP(caseFile, facts: facts, policy: policy, issueDay: issuedOn) {
            return .failure(refusal)
        }
        let validity = ValidityPeriod.starting(on: issuedOn, years: rule.validityYears)
        let eep = facts.newEEPExpiresOn ?? facts.eepExpiresOn
        if validity.until > eep {
            return .failure(Refusal(
                code: Refusal.Code.validityBeyondEEP,
                message: "validity \(validity) would outlive the EEP (expires \(eep)); it is never shortened: record a new EEP"))
        }
        if let refusal = EligibilityRules.eep(caseFile, facts: facts, policy: policy, issueDay: issuedOn) {
            return .failure(refusal)
        }
        let fee = Fees.fee(validityYears: rule.validityYears, policy: policy)
        let terms = caseFile.destinations.sorted().map { destination in
            EndorsementTerms(
                destination: destination, validFrom: validity.from, validUntil: validity.until,
                maxStayDays: policy.maxStayDays, feeCNY: fee, policyVersion: policy.version)
        }
        return .success(terms)
    }
}
