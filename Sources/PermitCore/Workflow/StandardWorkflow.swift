/// The standard talent endorsement (DOMAIN.md §2, §4, §5): a caseworker verifies documents and decides.
///
/// Read it as: event, from which states, to which state, who may fire it, the checks it needs,
/// and what it does besides. The engine runs exactly this table; the diagrams are drawn from it.
/// A doubtful case (outstanding talent on no recommendation list, legal talent on neither official list) is
/// referred from screening to a supervisor (`escalated`), who verifies it and approves, or rejects.
extension WorkflowDefinition {
    /// Version 1 of the standard workflow.
    public static let standardV1 = WorkflowDefinition(kind: .standard, version: "standard@1", table: [
        // Application handed in: pins today's policy; screening at once; completeness notice due within 5 working days.
        .on(.submit, from: [.draft], to: .submitted, by: [.clerk, .caseworker],
            guards: [.destinationsChosen, .categoryFitsWorkflow, .policyInForce, .noOtherOpenCase],
            effects: [.schedule(.screen, .now), .schedule(.completenessCheck, .afterCompletenessDeadline)]),
        .on(.beginScreening, from: [.submitted], to: .screening, by: [.system, .caseworker]),

        // Screening outcomes: accept, notify missing documents once and in full, refer a doubt, or reject on a hard rule.
        .on(.screeningPassed, from: [.screening], to: .accepted, by: [.system, .caseworker],
            guards: [.regionInForce, .officeJurisdiction, .noOtherOpenCase, .eepValidity, .documentsComplete, .officialList],
            effects: [.startDecisionClock(from: .today), .cancel(.completenessCheck),
                      .schedule(.decisionDeadline, .afterDecisionDeadline)]),
        .on(.requestDocuments, from: [.screening], to: .awaitingDocuments, by: [.system, .caseworker],
            guards: [.completenessNoticeNotSent, .withinCompletenessPeriod, .documentsRequestedInFull],
            effects: [.cancel(.completenessCheck), .schedule(.lapseCheck, .afterSupplementationDeadline)]),
        .on(.refer, from: [.screening], to: .escalated, by: [.system, .caseworker],
            guards: [.regionInForce, .officeJurisdiction, .noOtherOpenCase, .documentsComplete],
            effects: [.startDecisionClock(from: .today), .cancel(.completenessCheck),
                      .schedule(.decisionDeadline, .afterDecisionDeadline)]),
        .on(.reject, from: [.screening], to: .rejected, by: [.system, .caseworker],
            guards: [.reasonGiven], effects: [.cancel(.completenessCheck)]),
        // No notice within the completeness period: the application counts as accepted on receipt (ALL art. 32).
        .on(.deemAccepted, from: [.submitted, .screening], to: .accepted, by: [.system],
            guards: [.completenessNoticeNotSent, .completenessPeriodOver],
            effects: [.startDecisionClock(from: .submissionDay), .schedule(.decisionDeadline, .afterDecisionDeadline)]),

        // Waiting on the applicant: documents go back to screening (before acceptance) or to review (clock resumes).
        .on(.receiveDocuments, from: [.awaitingDocuments], to: .screening, when: .beforeAcceptance,
            by: [.clerk, .caseworker, .system], guards: [.documentsListed],
            effects: [.cancel(.lapseCheck), .schedule(.screen, .now)]),
        .on(.receiveDocuments, from: [.awaitingDocuments], to: .underReview, when: .afterAcceptance,
            by: [.clerk, .caseworker, .system], guards: [.documentsListed],
            effects: [.cancel(.lapseCheck), .resumeDecisionClock, .schedule(.decisionDeadline, .afterDecisionDeadline)]),
        .on(.lapse, from: [.awaitingDocuments], to: .lapsed, by: [.system],
            guards: [.supplementationPeriodOver]),

        // Review and decision by a caseworker; four-eyes on approval; a reason code on rejection.
        .on(.startReview, from: [.accepted], to: .underReview, by: [.caseworker], guards: [.unassignedOrActor]),
        .on(.requestDocuments, from: [.underReview], to: .awaitingDocuments, by: [.caseworker],
            guards: [.documentsListed],
            effects: [.pauseDecisionClock, .cancel(.decisionDeadline),
                      .schedule(.lapseCheck, .afterSupplementationDeadline)]),
        .on(.approve, from: [.underReview], to: .approved, by: [.caseworker, .supervisor],
            guards: [.fourEyes, .officialList, .recommendedOrVerified, .eepValidity],
            effects: [.cancel(.decisionDeadline), .schedule(.issue, .now)]),
        .on(.reject, from: [.underReview], to: .rejected, by: [.caseworker, .supervisor],
            guards: [.reasonGiven], effects: [.cancel(.decisionDeadline)]),
        // Deadline passed (system) or a caseworker's question: a supervisor takes over.
        .on(.escalate, from: [.accepted, .underReview], to: .escalated, by: [.caseworker, .system]),

        // Supervisor: verify eligibility (outstanding talent on no list, legal talent on no official list), decide,
        // hand back, extend to 20 working days (once).
        .on(.verifyEligibility, staysIn: [.escalated], by: [.supervisor]),
        .on(.approve, from: [.escalated], to: .approved, by: [.supervisor],
            guards: [.fourEyes, .officialList, .recommendedOrVerified, .eepValidity],
            effects: [.cancel(.decisionDeadline), .schedule(.issue, .now)]),
        .on(.reject, from: [.escalated], to: .rejected, by: [.supervisor],
            guards: [.reasonGiven], effects: [.cancel(.decisionDeadline)]),
        .on(.returnToReview, from: [.escalated], to: .underReview, by: [.supervisor]),
        .on(.extendDeadline, staysIn: [.accepted, .underReview, .escalated], by: [.supervisor],
            guards: [.notYetExtended],
            effects: [.extendDecisionClock, .cancel(.decisionDeadline), .schedule(.decisionDeadline, .afterDecisionDeadline)]),

        // Issue waits for a requested new EEP; the endorsements are created by the store.
        .on(.issue, from: [.approved], to: .issued, by: [.system],
            guards: [.newEEPReady, .eepValidity], effects: [.issueEndorsements]),

        // Withdrawal only before a decision; every pending job is dropped.
        .on(.withdraw, from: [.draft, .submitted, .screening, .awaitingDocuments, .accepted, .underReview, .escalated],
            to: .withdrawn, by: [.clerk, .caseworker, .supervisor], guards: [.noDecisionYet],
            effects: [.cancel(.screen), .cancel(.completenessCheck), .cancel(.lapseCheck), .cancel(.decisionDeadline)]),

        // Work queues: take or give back a case without changing its state.
        .on(.claim, staysIn: [.submitted, .screening, .awaitingDocuments, .accepted, .underReview, .escalated],
            by: [.caseworker, .supervisor], guards: [.unassignedOrActor]),
        .on(.release, staysIn: [.submitted, .screening, .awaitingDocuments, .accepted, .underReview, .escalated],
            by: [.caseworker, .supervisor], guards: [.assigneeOrSupervisor]),
    ])
}
