extension Refusal {
    /// The stable refusal codes, in one place so callers can match on them.
    public enum Code {
        /// The case's workflow has no transition for this event in this state.
        public static let transitionNotAllowed = "transition_not_allowed"
        /// The case is in a terminal state.
        public static let caseClosed = "case_closed"
        /// The actor's role may not fire this event here.
        public static let roleNotAllowed = "role_not_allowed"
        /// The case pins a workflow version this build does not know.
        public static let workflowVersionUnknown = "workflow_version_unknown"
        /// The case pins a policy version that is not loaded.
        public static let policyVersionUnknown = "policy_version_unknown"
        /// No policy version is in force on the date in question.
        public static let noPolicyInForce = "no_policy_in_force"
        /// The pinned policy has no rule for the case's category.
        public static let categoryNotInPolicy = "category_not_in_policy"
        /// The category does not belong to the case's workflow.
        public static let workflowMismatch = "workflow_mismatch"
        /// No destination was chosen, or one was chosen twice.
        public static let destinationsInvalid = "destinations_invalid"
        /// The applicant already has an open application for a chosen destination.
        public static let duplicateOpenApplication = "duplicate_open_application"
        /// The place of work is not a known city.
        public static let unknownCity = "unknown_city"
        /// The place of work was not in a region in force for the category on the submission date.
        public static let regionNotInForce = "region_not_in_force"
        /// The office may not take this category for this place of work.
        public static let officeOutsideJurisdiction = "office_outside_jurisdiction"
        /// The EEP does not cover validity + margin and no new EEP was applied for.
        public static let eepValidityInsufficient = "eep_validity_insufficient"
        /// A new EEP was applied for and is not recorded yet (or is itself too short).
        public static let awaitingNewEEP = "awaiting_new_eep"
        /// Required documents are missing.
        public static let documentsMissing = "documents_missing"
        /// Documents are still missing after the one completeness notice.
        public static let documentsIncomplete = "documents_incomplete"
        /// A document request must list every missing document (and at least one).
        public static let documentsListInvalid = "documents_list_invalid"
        /// The completeness notice was already sent once.
        public static let completenessNoticeAlreadySent = "completeness_notice_already_sent"
        /// The completeness period is over: the case counts as accepted.
        public static let completenessPeriodOver = "completeness_period_over"
        /// The completeness period is still running.
        public static let completenessPeriodRunning = "completeness_period_running"
        /// The supplementation period is still running.
        public static let supplementationPeriodRunning = "supplementation_period_running"
        /// Legal talent on no official arbitrator or mediator list, and not verified by a supervisor.
        public static let notOnOfficialList = "not_on_official_list"
        /// Outstanding talent on no recommendation list and not verified by a person.
        public static let needsVerification = "needs_verification"
        /// No active Hetao park registration for this person and employer.
        public static let hetaoRegistrationInactive = "hetao_registration_inactive"
        /// The pinned policy does not allow a decision without a person.
        public static let straightThroughDisabled = "straight_through_disabled"
        /// The approver prepared or reviewed the case.
        public static let fourEyes = "four_eyes"
        /// A rejection or revocation needs a reason code.
        public static let reasonRequired = "reason_required"
        /// The decision deadline was already extended.
        public static let alreadyExtended = "already_extended"
        /// The case was already decided.
        public static let alreadyDecided = "already_decided"
        /// Another person holds the case.
        public static let alreadyAssigned = "already_assigned"
        /// Only the assignee (or a supervisor) may release the case.
        public static let notAssignee = "not_assignee"
        /// The endorsement is not active.
        public static let endorsementNotActive = "endorsement_not_active"
        /// The endorsement's validity has not ended yet.
        public static let notYetExpired = "not_yet_expired"
        /// The EEP has not ended before the endorsement.
        public static let eepNotEnded = "eep_not_ended"
        /// The validity would outlive the EEP: refused, never shortened.
        public static let validityBeyondEEP = "validity_beyond_eep"
    }
}
