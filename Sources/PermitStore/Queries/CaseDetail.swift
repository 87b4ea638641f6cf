import Foundation
import PermitCore
import Postgres

/// Everything a caseworker sees about one case: facts, check results, deadlines, endorsements and history.
public struct CaseDetail: Sendable, Equatable, Codable {
    /// The deadlines of the case (YYYY-MM-DD; nil when not running).
    public struct Deadlines: Sendable, Equatable, Codable {
        /// The last day to send the completeness notice.
        public let completenessNoticeBy: CivilDate?
        /// The last day for the applicant to supply missing documents.
        public let supplementationBy: CivilDate?
        /// The last day to decide.
        public let decisionBy: CivilDate?
        /// True when the decision deadline relied on days outside the loaded calendars.
        public let decisionProvisional: Bool
    }
    /// The case id.
    public let id: UUID
    /// The state.
    public let state: String
    /// The talent category.
    public let category: String
    /// HK and/or MO.
    public let destinations: [String]
    /// The applicant's id.
    public let applicantId: UUID
    /// The applicant's name.
    public let applicantName: String
    /// The office's city key.
    public let office: String
    /// The policy version pinned at submission (nil for drafts).
    public let policyVersion: String?
    /// The workflow version pinned when the case was opened.
    public let workflowVersion: String
    /// The optimistic-concurrency version (pass it as `--expected-version`).
    public let version: Int
    /// The EEP the case was opened with.
    public let eepNumber: String
    /// A new EEP is applied for in the same application.
    public let newEepRequested: Bool
    /// The submission, acceptance, decision and issue days.
    public let submittedOn: CivilDate?, acceptedOn: CivilDate?, decidedOn: CivilDate?, issuedOn: CivilDate?
    /// Who holds, prepared, reviewed and approved the case.
    public let assignee: String?, preparedBy: String?, reviewedBy: String?, approvedBy: String?
    /// The reason code of a rejection or lapse.
    public let reasonCode: String?
    /// Markers such as awaiting_new_eep or referred.
    public let flags: [String]
    /// Documents received and still missing.
    public let documentsReceived: [String], missingDocuments: [String]
    /// The deadlines.
    public let deadlines: Deadlines
    /// The day the checks were evaluated on (today, or the day of `--as-of`).
    public let checkedOn: CivilDate
    /// The automatic checks as they stand on `checkedOn` (Screening.evaluate).
    public let checks: [CheckResult]
    /// The case's endorsements.
    public let endorsements: [EndorsementSummary]
    /// The whole history, oldest first.
    public let history: [HistoryEntry]
}

extension CaseQueries {
    /// One case in full, with the checks evaluated as of `now`.
    public static func detail(_ caseID: UUID, at now: Date, reference: ReferenceCache = ReferenceCache(),
                              pool: PostgresPool) async throws -> CaseDetail {
        try await pool.withConnection { connection in
            try await detail(caseID, at: now, reference: reference, on: connection)
        }
    }

    /// One case in full, read on `connection` (e.g. inside a read-only transaction), in one flight: the case, its
    /// facts, its endorsements and its history.
    public static func detail(_ caseID: UUID, at now: Date, reference: ReferenceCache,
                              on connection: PostgresConnection) async throws -> CaseDetail {
        let data = try await reference.data(on: connection)
        let results = try await connection.pipeline([
            """
            SELECT c.snapshot::text AS snapshot, c.version, c.eep_number, a.name
              FROM applications c JOIN applicants a ON a.id = c.applicant_id WHERE c.id = \(caseID)
            """,
            CaseFactsLookup.query(for: caseID),
            EndorsementQueries.query(applicant: nil, caseID: caseID, limit: 10),
            CaseHistory.entriesQuery(caseID),
        ])
        guard let row = results[0].first else {
            throw StoreError(.notFound, "case: no case has the id \(caseID)", field: "case")
        }
        let file = try CaseSnapshot.decode(try row.decode("snapshot"))
        let facts = try CaseFactsLookup.facts(from: results[1], caseID: caseID)
        let today = CivilDate.today(in: data.policies.timeZone, now: now)
        var screened = file
        if screened.policyVersion == nil { screened.policyVersion = data.policies.inForce(on: today)?.version }
        let checks = Screening.evaluate(screened, facts: facts, policies: data.policies, on: today).checks
        return CaseDetail(
            id: file.id, state: file.state.rawValue, category: file.category.rawValue,
            destinations: file.destinations.map(\.rawValue), applicantId: file.applicantID,
            applicantName: try row.decode("name"), office: file.office, policyVersion: file.policyVersion,
            workflowVersion: file.workflowVersion, version: try row.decode("version"), eepNumber: try row.decode("eep_number"),
            newEepRequested: file.newEEPRequested, submittedOn: file.submittedOn, acceptedOn: file.acceptedOn,
            decidedOn: file.decidedOn, issuedOn: file.issuedOn, assignee: file.assignee, preparedBy: file.preparedBy,
            reviewedBy: file.reviewedBy, approvedBy: file.approvedBy, reasonCode: file.reasonCode, flags: file.flags,
            documentsReceived: file.documentsReceived.sorted().map(\.rawValue),
            missingDocuments: file.missingDocuments.sorted().map(\.rawValue),
            deadlines: CaseDetail.Deadlines(completenessNoticeBy: file.deadlines.completenessNoticeBy,
                                            supplementationBy: file.deadlines.supplementationBy,
                                            decisionBy: file.deadlines.decisionBy,
                                            decisionProvisional: file.deadlines.decisionProvisional),
            checkedOn: today, checks: checks,
            endorsements: try EndorsementQueries.summaries(from: results[2]),
            history: try CaseHistory.entries(from: results[3]))
    }
}
