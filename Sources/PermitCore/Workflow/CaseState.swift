/// Where an application stands in its workflow.
public enum CaseState: String, CaseIterable, Codable, Sendable {
    /// Being filled in; not yet an application.
    case draft
    /// Handed in; waiting for the automatic checks.
    case submitted
    /// The automatic checks are running.
    case screening
    /// Missing documents were notified; waiting on the applicant (the decision clock is stopped).
    case awaitingDocuments = "awaiting_documents"
    /// Complete and accepted; the decision clock runs.
    case accepted
    /// A caseworker is reviewing it.
    case underReview = "under_review"
    /// A supervisor must act (doubtful eligibility, deadline, a caseworker's question).
    case escalated
    /// Approved; the endorsements will be issued.
    case approved
    /// Endorsements issued (terminal).
    case issued
    /// Refused with a reason code (terminal).
    case rejected
    /// Withdrawn by the applicant before a decision (terminal).
    case withdrawn
    /// The supplementation deadline passed (terminal).
    case lapsed

    /// True for issued, rejected, withdrawn and lapsed: no event leaves these states.
    public var isTerminal: Bool {
        switch self {
        case .issued, .rejected, .withdrawn, .lapsed: return true
        default: return false
        }
    }

    /// True while the application is live: submitted and not yet terminal (drafts are not applications).
    ///
    /// An applicant may have at most one open case per destination.
    public var isOpen: Bool {
        self != .draft && !isTerminal
    }
}
