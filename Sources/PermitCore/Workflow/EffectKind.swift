/// What a transition does besides changing state, as written in a transition table.
///
/// Clock effects change the case's deadlines; `schedule`, `cancel` and `issueEndorsements`
/// become `Effect` values for the store and worker.
public enum EffectKind: Sendable, Equatable, CustomStringConvertible {
    /// Queue a follow-up job due at `due`.
    case schedule(JobKind, DueTime)
    /// Drop a pending job of this kind for the case.
    case cancel(JobKind)
    /// Start the decision clock (acceptance), counting from `from`.
    case startDecisionClock(from: ClockStart)
    /// Stop the decision clock while the applicant supplies documents.
    case pauseDecisionClock
    /// Restart the decision clock with the working days left.
    case resumeDecisionClock
    /// Lengthen the decision period to the policy's extended period.
    case extendDecisionClock
    /// Create the endorsements (the store calls `EndorsementIssuance`).
    case issueEndorsements

    /// The effect as shown in diagrams and listings.
    public var description: String {
        switch self {
        case .schedule(let job, let due): return "schedule \(job.rawValue) at \(due.rawValue)"
        case .cancel(let job): return "cancel \(job.rawValue)"
        case .startDecisionClock(let start): return "start decision clock (\(start.rawValue))"
        case .pauseDecisionClock: return "pause decision clock"
        case .resumeDecisionClock: return "resume decision clock"
        case .extendDecisionClock: return "extend decision clock"
        case .issueEndorsements: return "issue endorsements"
        }
    }
}

/// When a scheduled job falls due.
public enum DueTime: String, Sendable, CaseIterable {
    /// At once.
    case now
    /// At the start of the day after the completeness-notice deadline.
    case afterCompletenessDeadline = "after_completeness_deadline"
    /// At the start of the day after the supplementation deadline.
    case afterSupplementationDeadline = "after_supplementation_deadline"
    /// At the start of the day after the decision deadline.
    case afterDecisionDeadline = "after_decision_deadline"
}

/// The day a decision clock counts from (that day itself is not counted).
public enum ClockStart: String, Sendable, CaseIterable {
    /// The day of acceptance.
    case today
    /// The submission day (a case deemed accepted counts as accepted on receipt).
    case submissionDay = "submission_day"
}
