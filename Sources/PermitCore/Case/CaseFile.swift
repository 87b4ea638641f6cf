import Foundation

/// One application, as a value. The store persists it (JSON snapshot + key columns); a case pins policy and workflow versions.
public struct CaseFile: Codable, Sendable, Equatable {
    /// The case's identifier.
    public var id: UUID
    /// The applicant's identifier.
    public var applicantID: UUID
    /// The talent category applied under.
    public var category: TalentCategory
    /// Destinations applied for (one endorsement each).
    public var destinations: [Destination]
    /// The office key (`<city>` or `<city>.<branch>`, see `Office`).
    public var office: String
    /// The applicant applies for a new EEP in the same application (issue then waits for it).
    public var newEEPRequested: Bool
    /// The number of the endorsement this application renews, if any.
    public var renewsEndorsement: String?
    /// Where the case stands.
    public var state: CaseState
    /// The workflow version pinned when the case started.
    public var workflowVersion: String
    /// The policy version pinned at submission.
    public var policyVersion: String?
    /// The submission day.
    public var submittedOn: CivilDate?
    /// The acceptance day (the submission day when deemed accepted).
    public var acceptedOn: CivilDate?
    /// The day of approval or rejection.
    public var decidedOn: CivilDate?
    /// The day the endorsements were issued.
    public var issuedOn: CivilDate?
    /// Documents received so far.
    public var documentsReceived: Set<DocumentKind>
    /// Documents requested and not yet received.
    public var missingDocuments: Set<DocumentKind>
    /// The one completeness notice went out.
    public var completenessNoticeSent: Bool
    /// The last person who submitted the case or received documents for it.
    public var preparedBy: String?
    /// Everyone who submitted the case or received documents for it (none of them may approve it).
    public var preparers: [String]
    /// The caseworker who started the review.
    public var reviewedBy: String?
    /// Who approved it.
    public var approvedBy: String?
    /// Who holds the case in their queue.
    public var assignee: String?
    /// Eligibility verified by a supervisor (outstanding talent on no list, legal talent on no official list).
    public var verifiedByPerson: Bool
    /// The decision clock.
    public var clock: DecisionClock
    /// Deadlines.
    public var deadlines: CaseDeadlines
    /// The reason code of a rejection or lapse.
    public var reasonCode: String?
    /// Markers for people ("awaiting_new_eep", "provisional_deadline", "referred").
    public var flags: [String]

    /// A new draft that pins the current workflow for its category.
    public static func draft(
        id: UUID, applicantID: UUID, category: TalentCategory, destinations: [Destination],
        office: String, newEEPRequested: Bool, renewsEndorsement: String? = nil
    ) -> CaseFile {
        CaseFile(
            id: id, applicantID: applicantID, category: category, destinations: destinations, office: office,
            newEEPRequested: newEEPRequested, renewsEndorsement: renewsEndorsement, state: .draft,
            workflowVersion: WorkflowDefinition.current(category.workflowKind).version, policyVersion: nil,
            submittedOn: nil, acceptedOn: nil, decidedOn: nil, issuedOn: nil,
            documentsReceived: [], missingDocuments: [], completenessNoticeSent: false,
            preparedBy: nil, preparers: [], reviewedBy: nil, approvedBy: nil, assignee: nil,
            verifiedByPerson: false, clock: DecisionClock(), deadlines: CaseDeadlines(), reasonCode: nil, flags: [])
    }

    /// The workflow this case pinned, if this build knows it.
    public var workflow: WorkflowDefinition? { WorkflowDefinition.version(workflowVersion) }

    /// The office as a value.
    public var officeValue: Office { Office(key: office) }

    /// Adds `flag` once.
    public mutating func raise(_ flag: String) {
        if !flags.contains(flag) { flags.append(flag) }
    }

    /// Removes `flag`.
    public mutating func clear(_ flag: String) {
        flags.removeAll { $0 == flag }
    }
}
