/// One automatic check and its result, for display.
public struct CheckResult: Codable, Sendable, Equatable {
    /// The check's name (a guard name, e.g. `region_in_force`).
    public var name: String
    /// Whether it passed.
    public var passed: Bool
    /// What was found.
    public var message: String

    /// Makes a result.
    public init(name: String, passed: Bool, message: String) {
        self.name = name
        self.passed = passed
        self.message = message
    }
}

/// What screening decided: the event to fire next and every check it ran.
public struct ScreeningOutcome: Sendable, Equatable {
    /// The event the worker fires next (as the system).
    public var event: CaseEvent
    /// Every check, passed or not.
    public var checks: [CheckResult]

    /// Makes an outcome.
    public init(event: CaseEvent, checks: [CheckResult]) {
        self.event = event
        self.checks = checks
    }
}

/// The automatic checks the worker runs on a screening case. Pure.
///
/// Order of outcomes: a hard rule that fails rejects with its code (duplicate, region, office, EEP,
/// Hetao registration); then missing documents are requested once, in full (or, once the completeness
/// period is over, the case is deemed accepted; or, after the one notice, rejected as
/// `documents_incomplete`); then a doubt is referred to a person (standard: a supervisor; Hetao: a
/// caseworker): outstanding talent on no recommendation list, or legal talent on neither official list
/// (the lists are a lookup, not the whole truth: the supervisor verifies and proceeds, or rejects);
/// otherwise screening passes.
public enum Screening {
    /// Runs every check on `caseFile` as of `on` and says what to do.
    public static func evaluate(_ caseFile: CaseFile, facts: CaseFacts, policies: PolicyBook, on today: CivilDate) -> ScreeningOutcome {
        guard let version = caseFile.policyVersion, let policy = policies.version(version) else {
            let message = "policy version \(caseFile.policyVersion ?? "(none)") is not loaded; a person must screen this case"
            return ScreeningOutcome(event: .refer(message), checks: [CheckResult(name: "policy_loaded", passed: false, message: message)])
        }
        let hardRules: [(GuardKind, Refusal?)] = [
            (.noOtherOpenCase, EligibilityRules.duplicate(caseFile, facts: facts)),
            (.regionInForce, EligibilityRules.region(caseFile, facts: facts, policy: policy, book: policies, today: today)),
            (.officeJurisdiction, EligibilityRules.office(caseFile, facts: facts, policy: policy, book: policies, today: today)),
            (.eepValidity, EligibilityRules.eep(caseFile, facts: facts, policy: policy, issueDay: today)),
            (.hetaoRegistrationActive, EligibilityRules.hetaoRegistration(caseFile, facts: facts, policy: policy)),
        ]
        let documents = EligibilityRules.documents(caseFile, policy: policy)
        let doubts: [(GuardKind, Refusal?)] = [
            (.officialList, EligibilityRules.officialList(caseFile, facts: facts, policy: policy)),
            (.recommendedOrVerified, EligibilityRules.recommendedOrVerified(caseFile, facts: facts, policy: policy)),
        ]
        var checks = hardRules.map { result($0.0, $0.1) }
        checks.append(result(.documentsComplete, documents))
        checks += doubts.map { result($0.0, $0.1) }

        if let failed = hardRules.compactMap(\.1).first {
            return ScreeningOutcome(event: .reject(reason: failed.code, note: failed.message), checks: checks)
        }
        if documents != nil {
            return ScreeningOutcome(event: documentsOutcome(caseFile, policy: policy, today: today), checks: checks)
        }
        if let doubt = doubts.compactMap(\.1).first {
            return ScreeningOutcome(event: .refer(doubt.message), checks: checks)
        }
        return ScreeningOutcome(event: .screeningPassed, checks: checks)
    }

    private static func documentsOutcome(_ caseFile: CaseFile, policy: Policy, today: CivilDate) -> CaseEvent {
        let missing = EligibilityRules.missingDocuments(caseFile, policy: policy)
        if caseFile.completenessNoticeSent {
            return .reject(
                reason: Refusal.Code.documentsIncomplete,
                note: "still missing after the completeness notice: \(EligibilityRules.names(missing))")
        }
        if let due = caseFile.deadlines.completenessNoticeBy, today > due {
            return .deemAccepted
        }
        return .requestDocuments(missing.sorted())
    }

    private static func result(_ kind: GuardKind, _ refusal: Refusal?) -> CheckResult {
        CheckResult(name: kind.rawValue, passed: refusal == nil, message: refusal?.description ?? "ok")
    }
}
