/// One row of a workflow's transition table: in `from`, `event` fired by one of `roles` leads to `to`
/// if every guard passes, and schedules `effects`.
public struct TransitionRule: Sendable, Equatable {
    /// The state the case must be in.
    public let from: CaseState
    /// The event.
    public let event: CaseEventKind
    /// The state the case moves to (equal to `from` for claim, release, extensions and verification).
    public let to: CaseState
    /// Which of several rules for the same (state, event) applies; nil when there is only one.
    public let when: RuleCondition?
    /// Who may fire it.
    public let roles: Set<StaffRole>
    /// Checks that must pass, in order; the first failure is the refusal.
    public let guards: [GuardKind]
    /// What the transition does besides changing state: clock changes and follow-up jobs.
    public let effects: [EffectKind]

    /// Makes a rule.
    public init(
        from: CaseState, event: CaseEventKind, to: CaseState, when: RuleCondition? = nil,
        roles: Set<StaffRole>, guards: [GuardKind] = [], effects: [EffectKind] = []
    ) {
        self.from = from
        self.event = event
        self.to = to
        self.when = when
        self.roles = roles
        self.guards = guards
        self.effects = effects
    }
}

/// Chooses between two rules for the same (state, event).
public enum RuleCondition: String, Sendable, CaseIterable {
    /// The case has not been accepted yet (documents go back to screening).
    case beforeAcceptance = "before_acceptance"
    /// The case was accepted (documents go back to review and the clock resumes).
    case afterAcceptance = "after_acceptance"
}

extension Array where Element == TransitionRule {
    /// Table rows: `event` moves a case from each of `from` to `to`.
    public static func on(
        _ event: CaseEventKind, from: [CaseState], to: CaseState, when: RuleCondition? = nil,
        by roles: Set<StaffRole>, guards: [GuardKind] = [], effects: [EffectKind] = []
    ) -> [TransitionRule] {
        from.map {
            TransitionRule(from: $0, event: event, to: to, when: when, roles: roles, guards: guards, effects: effects)
        }
    }

    /// Table rows: `event` leaves a case in each of `states` where it is (claim, release, extension).
    public static func on(
        _ event: CaseEventKind, staysIn states: [CaseState],
        by roles: Set<StaffRole>, guards: [GuardKind] = [], effects: [EffectKind] = []
    ) -> [TransitionRule] {
        states.map {
            TransitionRule(from: $0, event: event, to: $0, roles: roles, guards: guards, effects: effects)
        }
    }
}
