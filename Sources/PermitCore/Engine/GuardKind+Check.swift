/// What each guard checks; the first failing guard of a rule is the refusal.
extension GuardKind {
    /// Nil when the guard passes in `context`, else the refusal that says why.
    public func check(_ context: GuardContext) -> Refusal? {
        let caseFile = context.caseFile
        switch self {
        case .destinationsChosen:
            if !caseFile.destinations.isEmpty, Set(caseFile.destinations).count == caseFile.destinations.count { return nil }
            return Refusal(code: Refusal.Code.destinationsInvalid, message: "choose Hong Kong, Macao or both, each once")
        case .categoryFitsWorkflow:
            if caseFile.category.workflowKind == context.workflow.kind { return nil }
            return Refusal(
                code: Refusal.Code.workflowMismatch,
                message: "\(caseFile.category.rawValue) cases run under the \(caseFile.category.workflowKind.rawValue) workflow, not \(context.workflow.version)")
        case .policyInForce:
            guard let policy = context.policy else {
                return Refusal(code: Refusal.Code.noPolicyInForce, message: "no policy version is in force on \(context.today)")
            }
            return policy.rule(for: caseFile.category) == nil ? EligibilityRules.missingRule(caseFile, policy) : nil
        case .noOtherOpenCase:
            return EligibilityRules.duplicate(caseFile, facts: context.facts)
        case .fourEyes:
            return fourEyes(context)
        case .reasonGiven:
            return reasonGiven(context.event)
        case .documentsListed:
            return documentsListed(context.event)
        case .unassignedOrActor:
            guard let assignee = caseFile.assignee, assignee != context.actor.name else { return nil }
            return Refusal(code: Refusal.Code.alreadyAssigned, message: "\(assignee) holds this case; ask them or a supervisor to release it")
        case .assigneeOrSupervisor:
            if context.actor.role == .supervisor || caseFile.assignee == context.actor.name { return nil }
            let holder = caseFile.assignee.map { "\($0) holds this case" } ?? "nobody holds this case"
            return Refusal(code: Refusal.Code.notAssignee, message: "\(holder); only the holder or a supervisor may release it")
        case .notYetExtended:
            if !caseFile.clock.extended { return nil }
            return Refusal(code: Refusal.Code.alreadyExtended, message: "the decision deadline was already extended once")
        case .noDecisionYet:
            guard let decided = caseFile.decidedOn else { return nil }
            return Refusal(code: Refusal.Code.alreadyDecided, message: "the case was decided on \(decided); it can no longer be withdrawn")
        case .completenessNoticeNotSent:
            if !caseFile.completenessNoticeSent { return nil }
            return Refusal(code: Refusal.Code.completenessNoticeAlreadySent, message: "missing documents were already notified once")
        case .withinCompletenessPeriod:
            guard let due = caseFile.deadlines.completenessNoticeBy, context.today > due else { return nil }
            return Refusal(
                code: Refusal.Code.completenessPeriodOver,
                message: "the completeness notice was due by \(due); the application counts as accepted on receipt")
        case .completenessPeriodOver:
            guard let due = caseFile.deadlines.completenessNoticeBy, context.today <= due else { return nil }
            return Refusal(code: Refusal.Code.completenessPeriodRunning, message: "the completeness period runs through \(due)")
        case .supplementationPeriodOver:
            guard let due = caseFile.deadlines.supplementationBy, context.today <= due else { return nil }
            return Refusal(code: Refusal.Code.supplementationPeriodRunning, message: "the applicant may supply documents through \(due)")
        default:
            return checkAgainstPolicy(context)
        }
    }

    /// The guards that need the policy.
    private func checkAgainstPolicy(_ context: GuardContext) -> Refusal? {
        guard let policy = context.policy else {
            return Refusal(code: Refusal.Code.policyVersionUnknown, message: "the case's policy version \(context.caseFile.policyVersion ?? "(none)") is not loaded")
        }
        let caseFile = context.caseFile
        let facts = context.facts
        switch self {
        case .regionInForce:
            return EligibilityRules.region(caseFile, facts: facts, policy: policy, book: context.book, today: context.today)
        case .officeJurisdiction:
            return EligibilityRules.office(caseFile, facts: facts, policy: policy, book: context.book, today: context.today)
        case .eepValidity:
            return EligibilityRules.eep(caseFile, facts: facts, policy: policy, issueDay: context.today)
        case .newEEPReady:
            return EligibilityRules.newEEP(caseFile, facts: facts, policy: policy, issueDay: context.today)
        case .documentsComplete:
            return EligibilityRules.documents(caseFile, policy: policy)
        case .documentsRequestedInFull:
            return documentsRequestedInFull(context, policy: policy)
        case .officialList:
            return EligibilityRules.officialList(caseFile, facts: facts, policy: policy)
        case .recommendedOrVerified:
            return EligibilityRules.recommendedOrVerified(caseFile, facts: facts, policy: policy)
        case .hetaoRegistrationActive:
            return EligibilityRules.hetaoRegistration(caseFile, facts: facts, policy: policy)
        case .straightThroughAllowed:
            if context.actor.role != .system || policy.hetao.straightThrough { return nil }
            return Refusal(code: Refusal.Code.straightThroughDisabled, message: "policy \(policy.version) requires a person to decide Hetao cases")
        default:
            return nil
        }
    }

    private func fourEyes(_ context: GuardContext) -> Refusal? {
        let actor = context.actor
        if actor.role == .system { return nil }
        let caseFile = context.caseFile
        if caseFile.preparers.contains(actor.name) || caseFile.preparedBy == actor.name {
            return Refusal(code: Refusal.Code.fourEyes, message: "\(actor.name) prepared this case; another person must approve it")
        }
        if caseFile.reviewedBy == actor.name {
            return Refusal(code: Refusal.Code.fourEyes, message: "\(actor.name) reviewed this case; another person must approve it")
        }
        return nil
    }

    private func reasonGiven(_ event: CaseEvent) -> Refusal? {
        guard case .reject(let reason, _) = event else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        if !reason.isEmpty, reason.allSatisfy({ allowed.contains($0) }) { return nil }
        return Refusal(code: Refusal.Code.reasonRequired, message: "a rejection needs a reason code in snake_case (e.g. region_not_in_force), got \"\(reason)\"")
    }

    private func documentsListed(_ event: CaseEvent) -> Refusal? {
        switch event {
        case .requestDocuments(let documents), .receiveDocuments(let documents):
            if !documents.isEmpty { return nil }
            return Refusal(code: Refusal.Code.documentsListInvalid, message: "name at least one document")
        default:
            return nil
        }
    }

    private func documentsRequestedInFull(_ context: GuardContext, policy: Policy) -> Refusal? {
        guard case .requestDocuments(let requested) = context.event else { return nil }
        let missing = EligibilityRules.missingDocuments(context.caseFile, policy: policy)
        let left = missing.subtracting(requested)
        if !requested.isEmpty, left.isEmpty { return nil }
        let detail = requested.isEmpty ? "name at least one document" : "also name \(EligibilityRules.names(left))"
        return Refusal(
            code: Refusal.Code.documentsListInvalid,
            message: "the completeness notice is sent once and must list every missing document; \(detail)")
    }
}
