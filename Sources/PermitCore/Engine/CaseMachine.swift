import Foundation

/// The one entry point: what `event` by `actor` at `now` does to `caseFile`. Pure.
///
/// Steps: find the pinned workflow; refuse in a terminal state; find the rule for (state, event),
/// choosing by its condition; check the actor's role; resolve the policy (pinned, or in force today
/// for a draft); run the rule's guards in order; then update the case, apply clock effects and turn
/// the rule's job effects into `Effect` values with due instants.
public enum CaseMachine {
    /// Applies `event` to `caseFile`, or says why not.
    public static func apply(
        _ event: CaseEvent, to caseFile: CaseFile, by actor: Actor, at now: Date,
        facts: CaseFacts, policies: PolicyBook, calendar: WorkingDayCalendar
    ) -> Result<CaseStep, Refusal> {
        let today = CivilDate.today(in: policies.timeZone, now: now)
        let rule: TransitionRule
        let workflow: WorkflowDefinition
        switch findRule(event, caseFile: caseFile, actor: actor) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let found): (rule, workflow) = found
        }
        let policy: Policy?
        if caseFile.state == .draft {
            policy = policies.inForce(on: today)
        } else if let pinned = caseFile.policyVersion {
            guard let found = policies.version(pinned) else {
                return .failure(Refusal(code: Refusal.Code.policyVersionUnknown, message: "the case's policy version \(pinned) is not loaded"))
            }
            policy = found
        } else {
            policy = nil
        }
        let context = GuardContext(
            caseFile: caseFile, event: event, actor: actor, today: today, facts: facts,
            policy: policy, book: policies, calendar: calendar, workflow: workflow)
        for guardKind in rule.guards {
            if let refusal = guardKind.check(context) { return .failure(refusal) }
        }
        return .success(step(rule: rule, context: context, now: now))
    }

    /// The rule `actor` would fire with `event` on `caseFile`, before guards; or why there is none.
    public static func findRule(_ event: CaseEvent, caseFile: CaseFile, actor: Actor) -> Result<(TransitionRule, WorkflowDefinition), Refusal> {
        guard let workflow = caseFile.workflow else {
            return .failure(Refusal(code: Refusal.Code.workflowVersionUnknown, message: "workflow version \(caseFile.workflowVersion) is not known to this build"))
        }
        let state = caseFile.state
        if state.isTerminal {
            return .failure(Refusal(code: Refusal.Code.caseClosed, message: "the case is \(state.rawValue); nothing more can happen to it"))
        }
        let candidates = workflow.rules(from: state, event: event.kind)
        guard !candidates.isEmpty else {
            return .failure(Refusal(
                code: Refusal.Code.transitionNotAllowed,
                message: "\(event.kind.rawValue) is not possible while the case is \(state.rawValue) (\(workflow.version))"))
        }
        let accepted = caseFile.acceptedOn != nil
        let chosen = candidates.first { rule in
            switch rule.when {
            case nil: return true
            case .beforeAcceptance: return !accepted
            case .afterAcceptance: return accepted
            }
        }
        guard let rule = chosen else {
            return .failure(Refusal(code: Refusal.Code.transitionNotAllowed, message: "\(event.kind.rawValue) does not apply to this case now"))
        }
        guard rule.roles.contains(actor.role) else {
            let roles = StaffRole.allCases.filter(rule.roles.contains).map(\.rawValue).joined(separator: " or ")
            return .failure(Refusal(
                code: Refusal.Code.roleNotAllowed,
                message: "only \(roles) may \(event.kind.rawValue) a case that is \(state.rawValue); \(actor.name) acts as \(actor.role.rawValue)"))
        }
        return .success((rule, workflow))
    }

    /// The events `role` could fire on `caseFile` now according to its workflow (guards not checked).
    public static func possibleEvents(for caseFile: CaseFile, role: StaffRole) -> [CaseEventKind] {
        guard let workflow = caseFile.workflow, !caseFile.state.isTerminal else { return [] }
        return workflow.events(from: caseFile.state, role: role)
    }

    private static func step(rule: TransitionRule, context: GuardContext, now: Date) -> CaseStep {
        var next = context.caseFile
        var metadata: [String: String] = [:]
        update(&next, context: context, metadata: &metadata)
        next.state = rule.to
        var effects: [Effect] = []
        for effect in rule.effects {
            apply(effect, to: &next, context: context, now: now, effects: &effects, metadata: &metadata)
        }
        let reason: String?
        switch context.event {
        case .reject(let code, _): reason = code
        case .lapse: reason = next.reasonCode
        default: reason = nil
        }
        let record = TransitionRecord(
            from: context.caseFile.state, to: rule.to, event: rule.event, actor: context.actor,
            reasonCode: reason, note: context.event.note, metadata: metadata, at: now)
        return CaseStep(caseFile: next, record: record, effects: effects)
    }
}
