import Foundation

/// Follow-up work a transition asks the store and worker to do.
public enum Effect: Codable, Sendable, Equatable {
    /// Queue a job of this kind for the case, due at `dueAt`.
    case schedule(JobKind, dueAt: Date)
    /// Drop pending jobs of this kind for the case.
    case cancel(JobKind)
    /// Create the endorsements now (the store calls `EndorsementIssuance.terms` and numbers them).
    case issueEndorsements
}

/// The kinds of background job the worker runs.
public enum JobKind: String, Codable, Sendable, CaseIterable {
    /// Run the automatic checks on a submitted case (`Screening.evaluate`).
    case screen
    /// After the completeness period: deem the case accepted if no notice went out.
    case completenessCheck = "completeness_check"
    /// After the supplementation deadline: lapse the case if documents did not arrive.
    case lapseCheck = "lapse_check"
    /// After the decision deadline: escalate an undecided case.
    case decisionDeadline = "decision_deadline"
    /// Hetao straight-through decision (`AutomaticDecision.decide`).
    case autoDecide = "auto_decide"
    /// Issue the endorsements of an approved case.
    case issue
    /// Daily: expire or void endorsements (`EndorsementLifecycle.sweepStatus`).
    case expirySweep = "expiry_sweep"
    /// Daily: renewal reminders (`EndorsementLifecycle.renewalReminderDue`).
    case renewalReminder = "renewal_reminder"
    /// Daily: Hetao registrations cancelled while an endorsement is active open a revocation review.
    case registrationCheck = "registration_check"
}
