/// The Hetao Shenzhen Park talent endorsement (DOMAIN.md §3): eligibility is a lookup in the park's
/// registration list, so a clean case is screened and approved by the system with no person,
/// when the pinned policy allows straight-through processing. Anything doubtful is referred to a caseworker.
extension WorkflowDefinition {
    /// Version 1 of the Hetao workflow.
    public static let hetaoV1 = WorkflowDefinition(kind: .hetao, version: "hetao@1", table: [
        // Application handed in, exactly as in the standard workflow.
        .on(.submit, from: [.draft], to: .submitted, by: [.clerk, .caseworker],
            guards: [.destinationsChosen, .categoryFitsWorkflow, .policyInForce, .noOtherOpenCase],
            effects: [.schedule(.screen, .now), .schedule(.completenessCheck, .afterCompletenessDeadline)]),
        .on(.beginScreening, from: [.submitted], to: .screening, by: [.system, .caseworker]),

        // Screening: the registration lookup is a hard rule; an accepted case goes to the automatic decision.
        .on(.screeningPassed, from: [.screening], to: .accepted, by: [.system, .caseworker],
            guards: [.regionInForce, .officeJurisdiction, .noOtherOpenCase, .eepValidity, .documentsComplete,
                     .hetaoRegistrationActive],
            effects: [.startDecisionClock(from: .today), .cancel(.completenessCheck),
                      .schedule(.decisionDeadline, .afterDecisionDeadline), .schedule(.autoDecide, .now)]),
        .on(.requestDocuments, from: [.screening], to: .awaitingDocuments, by: [.system, .caseworker],
            guards: [.completenessNoticeNotSent, .withinCompletenessPeriod, .documentsRequestedInFull],
            effects: [.cancel(.completenessCheck), .schedule(.lapseCheck, .afterSupplementationDeadline)]),
        .on(.refer, from: [.screening], to: .underReview, by: [.system, .caseworker],
            guards: [.regionInForce, .officeJurisdiction, .noOtherOpenCase, .documentsComplete],
            effects: [.startDecisionClock(from: .today), .cancel(.completenessCheck),
                      .schedule(.decisionDeadline, .afterDecisionDeadline)]),
        .on(.reject, from: [.screening], to: .rejected, by: [.system, .caseworker],
            guards: [.reasonGiven], effects: [.cancel(.completenessCheck)]),
        .on(.deemAccepted, from: [.submitted, .screening], to: .accepted, by: [.system],
            guards: [.completenessNoticeNotSent, .completenessPeriodOver],
            effects: [.startDecisionClock(from: .submissionDay), .schedule(.decisionDeadline, .afterDecisionDeadline),
                      .schedule(.autoDecide, .now)]),

        // Waiting on the applicant (only if the policy requires documents, or a caseworker asks for them).
        .on(.receiveDocuments, from: [.awaitingDocuments], to: .screening, when: .beforeAcceptance,
            by: [.clerk, .caseworker, .system], guards: [.documentsListed],
            effects: [.cancel(.lapseCheck), .schedule(.screen, .now)]),
        .on(.receiveDocuments, from: [.awaitingDocuments], to: .underReview, when: .afterAcceptance,
            by: [.clerk, .caseworker, .system], guards: [.documentsListed],
            effects: [.cancel(.lapseCheck), .resumeDecisionClock, .schedule(.decisionDeadline, .afterDecisionDeadline)]),
        .on(.lapse, from: [.awaitingDocuments], to: .lapsed, by: [.system],
            guards: [.supplementationPeriodOver]),

        // Straight through: the system approves a clean case, rejects an inactive registration, or refers a doubt.
        .on(.approve, from: [.accepted], to: .approved, by: [.system],
            guards: [.straightThroughAllowed, .fourEyes, .hetaoRegistrationActive, .eepValidity],
            effects: [.cancel(.decisionDeadline), .schedule(.issue, .now)]),
        .on(.reject, from: [.accepted], to: .rejected, by: [.system],
            guards: [.reasonGiven], effects: [.cancel(.decisionDeadline)]),
        .on(.refer, from: [.accepted], to: .underReview, by: [.system]),

        // A person decides whatever the system did not.
        .on(.startReview, from: [.accepted], to: .underReview, by: [.caseworker], guards: [.unassignedOrActor]),
        .on(.requestDocuments, from: [.underReview], to: .awaitingDocuments, by: [.caseworker],
            guards: [.documentsListed],
            effects: [.pauseDecisionClock, .cancel(.decisionDeadline),
                      .schedule(.lapseCheck, .afterSupplementationDeadline)]),
        .on(.approve, from: [.underReview], to: .approved, by: [.caseworker, .supervisor],
            guards: [.fourEyes, .hetaoRegistrationActive, .eepValidity],
            effects: [.cancel(.decisionDeadline), .schedule(.issue, .now)]),
        .on(.reject, from: [.underReview], to: .rejected, by: [.caseworker, .supervisor],
            guards: [.reasonGiven], effects: [.cancel(.decisionDeadline)]),
        .on(.escalate, from: [.accepted, .underReview], to: .escalated, by: [.caseworker, .system]),

        // Supervisor.
        .on(.approve, from: [.escalated], to: .approved, by: [.supervisor],
            guards: [.fourEyes, .hetaoRegistrationActive, .eepValidity],
            effects: [.cancel(.decisionDeadline), .schedule(.issue, .now)]),
        .on(.reject, from: [.escalated], to: .rejected, by: [.supervisor],
            guards: [.reasonGiven], effects: [.cancel(.decisionDeadline)]),
        .on(.returnToReview, from: [.escalated], to: .underReview, by: [.supervisor]),
        .on(.extendDeadline, staysIn: [.accepted, .underReview, .escalated], by: [.supervisor],
            guards: [.notYetExtended],
            effects: [.extendDecisionClock, .cancel(.decisionDeadline), .schedule(.decisionDeadline, .afterDecisionDeadline)]),

        // Issue, withdrawal and work queues, as in the standard workflow.
        .on(.issue, from: [.approved], to: .issued, by: [.system],
            guards: [.newEEPReady, .eepValidity], effects: [.issueEndorsements]),
        .on(.withdraw, from: [.draft, .submitted, .screening, .awaitingDocuments, .accepted, .underReview, .escalated],
            to: .withdrawn, by: [.clerk, .caseworker, .supervisor], guards: [.noDecisionYet],
            effects: [.cancel(.screen), .cancel(.completenessCheck), .cancel(.lapseCheck), .cancel(.decisionDeadline),
                      .cancel(.autoDecide)]),
        .on(.claim, staysIn: [.submitted, .screening, .awaitingDocuments, .accepted, .underReview, .escalated],
            by: [.caseworker, .supervisor], guards: [.unassignedOrActor]),
        .on(.release, staysIn: [.submitted, .screening, .awaitingDocuments, .accepted, .underReview, .escalated],
            by: [.caseworker, .supervisor], guards: [.assigneeOrSupervisor]),
    ])
}
