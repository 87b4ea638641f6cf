/// A named check a transition needs; each failure is a `Refusal` with a stable code (see `GuardKind+Check.swift`).
public enum GuardKind: String, Sendable, CaseIterable {
    /// At least one destination, none twice.
    case destinationsChosen = "destinations_chosen"
    /// The category belongs to the case's workflow (hetao_park ↔ hetao).
    case categoryFitsWorkflow = "category_fits_workflow"
    /// A policy version is in force today and has a rule for the category.
    case policyInForce = "policy_in_force"
    /// No other open application for the same applicant and destination.
    case noOtherOpenCase = "no_other_open_case"
    /// The place of work was in a region in force for the category on the submission date.
    case regionInForce = "region_in_force"
    /// The office may take this category from this place of work.
    case officeJurisdiction = "office_jurisdiction"
    /// The EEP covers validity + margin, or a new EEP was applied for in the same application.
    case eepValidity = "eep_validity"
    /// Every document the category requires was received.
    case documentsComplete = "documents_complete"
    /// Legal talent: on an official arbitrator or mediator list, or verified by a supervisor.
    case officialList = "official_list"
    /// Outstanding talent: on a recommendation list or verified by a person.
    case recommendedOrVerified = "recommended_or_verified"
    /// Hetao: the employer is in the park and the registration is active today.
    case hetaoRegistrationActive = "hetao_registration_active"
    /// The system may decide only where the pinned policy allows straight-through processing.
    case straightThroughAllowed = "straight_through_allowed"
    /// The approver neither prepared nor reviewed the case.
    case fourEyes = "four_eyes"
    /// The event carries a non-empty reason code.
    case reasonGiven = "reason_given"
    /// The documents named are not empty.
    case documentsListed = "documents_listed"
    /// A completeness notice names every missing document.
    case documentsRequestedInFull = "documents_requested_in_full"
    /// The completeness notice has not been sent yet (it is sent once).
    case completenessNoticeNotSent = "completeness_notice_not_sent"
    /// Still inside the completeness-notice period.
    case withinCompletenessPeriod = "within_completeness_period"
    /// The completeness-notice period is over.
    case completenessPeriodOver = "completeness_period_over"
    /// The supplementation period is over.
    case supplementationPeriodOver = "supplementation_period_over"
    /// The decision deadline was not extended before.
    case notYetExtended = "not_yet_extended"
    /// No decision was made yet.
    case noDecisionYet = "no_decision_yet"
    /// A requested new EEP is recorded and long enough.
    case newEEPReady = "new_eep_ready"
    /// The case is unassigned or assigned to the actor.
    case unassignedOrActor = "unassigned_or_actor"
    /// The actor is the assignee, or a supervisor.
    case assigneeOrSupervisor = "assignee_or_supervisor"
}
