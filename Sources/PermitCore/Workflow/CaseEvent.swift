/// Something that happens to a case, with what it carries.
public enum CaseEvent: Codable, Sendable, Equatable {
    /// The applicant's form is handed in (pins the policy in force today).
    case submit
    /// The worker starts the automatic checks.
    case beginScreening
    /// The checks passed: the case is accepted and the decision clock starts.
    case screeningPassed
    /// No completeness notice went out in time: the case counts as accepted on receipt.
    case deemAccepted
    /// Missing documents, in full (the completeness notice, sent once), or a reviewer's request.
    case requestDocuments([DocumentKind])
    /// Documents arrived.
    case receiveDocuments([DocumentKind])
    /// A doubt a person must resolve (outstanding talent on no list, legal talent on no official list, a Hetao
    /// case the system cannot decide).
    case refer(String)
    /// The supplementation deadline passed.
    case lapse
    /// A caseworker takes up the review.
    case startReview
    /// A supervisor verifies eligibility (outstanding talent on no list; legal talent on no official list loaded here).
    case verifyEligibility(note: String?)
    /// Approve the application.
    case approve(note: String?)
    /// Refuse the application with a reason code.
    case reject(reason: String, note: String?)
    /// Hand the case to a supervisor.
    case escalate(note: String?)
    /// Extend the decision deadline (supervisor, once).
    case extendDeadline(note: String?)
    /// A supervisor hands the case back to the caseworker.
    case returnToReview(note: String?)
    /// The applicant withdraws before a decision.
    case withdraw(note: String?)
    /// Issue the endorsements.
    case issue
    /// The actor takes the case into their queue.
    case claim
    /// The actor gives the case back.
    case release

    /// The event's stable name, used in transition tables and history rows.
    public var kind: CaseEventKind {
        switch self {
        case .submit: return .submit
        case .beginScreening: return .beginScreening
        case .screeningPassed: return .screeningPassed
        case .deemAccepted: return .deemAccepted
        case .requestDocuments: return .requestDocuments
        case .receiveDocuments: return .receiveDocuments
        case .refer: return .refer
        case .lapse: return .lapse
        case .startReview: return .startReview
        case .verifyEligibility: return .verifyEligibility
        case .approve: return .approve
        case .reject: return .reject
        case .escalate: return .escalate
        case .extendDeadline: return .extendDeadline
        case .returnToReview: return .returnToReview
        case .withdraw: return .withdraw
        case .issue: return .issue
        case .claim: return .claim
        case .release: return .release
        }
    }

    /// The free-text note the event carries, if any (a referral's doubt counts as its note).
    public var note: String? {
        switch self {
        case .verifyEligibility(let note), .approve(let note), .escalate(let note), .extendDeadline(let note),
            .returnToReview(let note), .withdraw(let note):
            return note
        case .reject(_, let note): return note
        case .refer(let doubt): return doubt
        default: return nil
        }
    }
}

/// The stable snake_case name of an event, as used in transition tables and history rows.
public enum CaseEventKind: String, CaseIterable, Codable, Sendable {
    /// See `CaseEvent.submit`.
    case submit
    /// See `CaseEvent.beginScreening`.
    case beginScreening = "begin_screening"
    /// See `CaseEvent.screeningPassed`.
    case screeningPassed = "screening_passed"
    /// See `CaseEvent.deemAccepted`.
    case deemAccepted = "deem_accepted"
    /// See `CaseEvent.requestDocuments`.
    case requestDocuments = "request_documents"
    /// See `CaseEvent.receiveDocuments`.
    case receiveDocuments = "receive_documents"
    /// See `CaseEvent.refer`.
    case refer
    /// See `CaseEvent.lapse`.
    case lapse
    /// See `CaseEvent.startReview`.
    case startReview = "start_review"
    /// See `CaseEvent.verifyEligibility`.
    case verifyEligibility = "verify_eligibility"
    /// See `CaseEvent.approve`.
    case approve
    /// See `CaseEvent.reject`.
    case reject
    /// See `CaseEvent.escalate`.
    case escalate
    /// See `CaseEvent.extendDeadline`.
    case extendDeadline = "extend_deadline"
    /// See `CaseEvent.returnToReview`.
    case returnToReview = "return_to_review"
    /// See `CaseEvent.withdraw`.
    case withdraw
    /// See `CaseEvent.issue`.
    case issue
    /// See `CaseEvent.claim`.
    case claim
    /// See `CaseEvent.release`.
    case release
}
