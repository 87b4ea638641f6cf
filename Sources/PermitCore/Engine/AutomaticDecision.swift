/// Hetao straight-through: given an accepted Hetao case, the decision the system makes, per the pinned policy. Pure.
///
/// - straight-through disabled by the policy → refer to a caseworker;
/// - a hard rule fails (registration inactive at decision time, EEP too short, duplicate) → reject with its code;
/// - documents still missing (a case deemed accepted) → refer;
/// - otherwise → approve (fired by `Actor.system`).
public enum AutomaticDecision {
    /// The event the system fires on `caseFile` on `today`, or nil when the case is not an accepted Hetao case.
    public static func decide(_ caseFile: CaseFile, facts: CaseFacts, policies: PolicyBook, on today: CivilDate) -> CaseEvent? {
        guard caseFile.state == .accepted, caseFile.category.workflowKind == .hetao,
            let version = caseFile.policyVersion, let policy = policies.version(version)
        else { return nil }
        guard policy.hetao.straightThrough else {
            return .refer("policy \(policy.version) does not allow straight-through decisions; a caseworker decides")
        }
        let hardRules = [
            EligibilityRules.hetaoRegistration(caseFile, facts: facts, policy: policy),
            EligibilityRules.eep(caseFile, facts: facts, policy: policy, issueDay: today),
            EligibilityRules.duplicate(caseFile, facts: facts),
        ]
        if let failed = hardRules.compactMap({ $0 }).first {
            return .reject(reason: failed.code, note: failed.message)
        }
        if let missing = EligibilityRules.documents(caseFile, policy: policy) {
            return .refer("documents incomplete (\(missing.message)); a caseworker decides")
        }
        return .approve(note: "straight-through: registration active, EEP long enough")
    }
}
