import Foundation

/// How each event and each table effect changes the case.
extension CaseMachine {
    /// The reason code a lapsed case carries.
    public static let lapseReasonCode = "supplementation_period_over"

    static func update(_ next: inout CaseFile, context: GuardContext, metadata: inout [String: String]) {
        let today = context.today
        let actor = context.actor
        switch context.event {
        case .submit:
            next.submittedOn = today
            if let policy = context.policy {
                next.policyVersion = policy.version
                let due = policy.deadlines.completenessNotice.end(from: today, calendar: context.calendar)
                next.deadlines.completenessNoticeBy = due.date
                next.deadlines.completenessProvisional = due.provisional
                metadata["policy_version"] = policy.version
                metadata["completeness_notice_by"] = due.date.description
                if due.provisional { next.raise("provisional_deadline") }
            }
            metadata["workflow_version"] = next.workflowVersion
            markPreparer(&next, actor)
            if next.newEEPRequested { next.raise("awaiting_new_eep") }
        case .requestDocuments(let documents):
            next.missingDocuments = Set(documents)
            if context.caseFile.state == .screening { next.completenessNoticeSent = true }
            if let policy = context.policy {
                let due = policy.deadlines.supplementation.end(from: today, calendar: context.calendar)
                next.deadlines.supplementationBy = due.date
                metadata["supplementation_by"] = due.date.description
            }
            metadata["documents"] = EligibilityRules.names(Set(documents))
        case .receiveDocuments(let documents):
            next.documentsReceived.formUnion(documents)
            next.missingDocuments.subtract(documents)
            next.deadlines.supplementationBy = nil
            markPreparer(&next, actor)
            metadata["documents"] = EligibilityRules.names(Set(documents))
        case .refer:
            next.raise("referred")
        case .lapse:
            next.reasonCode = lapseReasonCode
        case .startReview:
            next.reviewedBy = actor.name
            next.assignee = actor.name
        case .verifyEligibility:
            next.verifiedByPerson = true
        case .approve:
            next.approvedBy = actor.name
            next.decidedOn = today
        case .reject(let reason, _):
            next.reasonCode = reason
            next.decidedOn = today
        case .issue:
            next.issuedOn = today
            next.clear("awaiting_new_eep")
        case .claim:
            next.assignee = actor.name
        case .release:
            next.assignee = nil
        case .beginScreening, .screeningPassed, .deemAccepted, .escalate, .extendDeadline, .returnToReview, .withdraw:
            break
        }
    }

    /// People who hand in the case or its documents prepare it; the system recording an upload does not.
    private static func markPreparer(_ next: inout CaseFile, _ actor: Actor) {
        guard actor.role != .system else { return }
        next.preparedBy = actor.name
        if !next.preparers.contains(actor.name) { next.preparers.append(actor.name) }
    }

    static func apply(
        _ effect: EffectKind, to next: inout CaseFile, context: GuardContext, now: Date,
        effects: inout [Effect], metadata: inout [String: String]
    ) {
        let today = context.today
        let decision = context.policy?.deadlines
        switch effect {
        case .schedule(let job, let due):
            effects.append(.schedule(job, dueAt: instant(due, caseFile: next, context: context, now: now)))
        case .cancel(let job):
            effects.append(.cancel(job))
        case .issueEndorsements:
            effects.append(.issueEndorsements)
        case .startDecisionClock(let start):
            let day = start == .submissionDay ? (next.submittedOn ?? today) : today
            next.acceptedOn = day
            next.clock.start(on: day, limit: decision?.decision.count ?? 0)
            refreshDecisionDeadline(&next, calendar: context.calendar, metadata: &metadata)
        case .pauseDecisionClock:
            next.clock.pause(on: today, calendar: context.calendar)
            refreshDecisionDeadline(&next, calendar: context.calendar, metadata: &metadata)
        case .resumeDecisionClock:
            next.clock.resume(on: today)
            refreshDecisionDeadline(&next, calendar: context.calendar, metadata: &metadata)
        case .extendDecisionClock:
            next.clock.extend(to: decision?.extendedDecision.count ?? next.clock.limitWorkingDays)
            refreshDecisionDeadline(&next, calendar: context.calendar, metadata: &metadata)
        }
    }

    private static func refreshDecisionDeadline(_ next: inout CaseFile, calendar: WorkingDayCalendar, metadata: inout [String: String]) {
        if let due = next.clock.deadline(calendar: calendar) {
            next.deadlines.decisionBy = due.date
            next.deadlines.decisionProvisional = due.provisional
            metadata["decision_by"] = due.date.description
        } else {
            next.deadlines.decisionBy = nil
            next.deadlines.decisionProvisional = false
            metadata["decision_clock"] = "stopped (\(next.clock.usedWorkingDays) of \(next.clock.limitWorkingDays) working days used)"
        }
        if next.deadlines.decisionProvisional || next.deadlines.completenessProvisional {
            next.raise("provisional_deadline")
        } else {
            next.clear("provisional_deadline")
        }
    }

    private static func instant(_ due: DueTime, caseFile: CaseFile, context: GuardContext, now: Date) -> Date {
        let day: CivilDate?
        switch due {
        case .now: return now
        case .afterCompletenessDeadline: day = caseFile.deadlines.completenessNoticeBy
        case .afterSupplementationDeadline: day = caseFile.deadlines.supplementationBy
        case .afterDecisionDeadline: day = caseFile.deadlines.decisionBy
        }
        guard let day else { return now }
        return max(now, day.adding(days: 1).startOfDay(in: context.book.timeZone))
    }
}
