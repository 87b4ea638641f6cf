import Foundation
import PermitCore
import Postgres

/// One line of a caseworker's case list.
public struct CaseSummary: Sendable, Equatable, Codable {
    /// The case id.
    public let id: UUID
    /// The state (snake_case).
    public let state: String
    /// The talent category.
    public let category: String
    /// The destinations, e.g. ["HK", "MO"].
    public let destinations: [String]
    /// The applicant's id.
    public let applicantId: UUID
    /// The applicant's name.
    public let applicantName: String
    /// Who holds the case, if anyone.
    public let assignee: String?
    /// The submission day (YYYY-MM-DD).
    public let submittedOn: String?
    /// The decision deadline (YYYY-MM-DD), while the clock runs.
    public let decisionDue: String?
    /// The supplementation deadline (YYYY-MM-DD), while waiting on documents.
    public let supplementationDue: String?
    /// True when a deadline has passed on an open case.
    public let overdue: Bool
    /// The case's version (for `--expected-version`).
    public let version: Int
}

/// What to list: every filter is optional.
public struct CaseFilter: Sendable, Equatable {
    /// Only cases in this state.
    public var state: CaseState?
    /// Only cases of this category.
    public var category: TalentCategory?
    /// Only cases held by this person.
    public var assignee: String?
    /// Only cases held by no one.
    public var unassigned: Bool
    /// Only open cases with a deadline before `today`.
    public var overdue: Bool
    /// At most this many, newest first.
    public var limit: Int

    /// Creates a filter (defaults list the 50 newest cases).
    public init(state: CaseState? = nil, category: TalentCategory? = nil, assignee: String? = nil, unassigned: Bool = false,
                overdue: Bool = false, limit: Int = 50) {
        self.state = state
        self.category = category
        self.assignee = assignee
        self.unassigned = unassigned
        self.overdue = overdue
        self.limit = limit
    }
}

/// Read-only questions caseworkers ask about cases.
public enum CaseQueries {
    /// The cases matching `filter`, newest change first; "overdue" is judged as of `today`.
    public static func list(_ filter: CaseFilter, today: CivilDate, pool: PostgresPool) async throws -> [CaseSummary] {
        guard (1...10_000).contains(filter.limit) else { throw StoreError.invalid("limit", "must be 1 to 10000") }
        return try await pool.withConnection { connection in
            let rows = try await connection.query("""
                SELECT c.id, c.state, c.category, array_to_string(c.destinations, ',') AS destinations, c.applicant_id,
                       a.name AS applicant_name, c.assignee, c.submitted_on::text AS submitted_on,
                       c.decision_due::text AS decision_due, c.supplementation_due::text AS supplementation_due, c.version,
                       (c.state NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed')
                        AND (c.decision_due < \(today.postgres)::date OR c.supplementation_due < \(today.postgres)::date)) AS overdue
                  FROM applications c JOIN applicants a ON a.id = c.applicant_id
                 WHERE (\(filter.state?.rawValue)::text IS NULL OR c.state = \(filter.state?.rawValue)::text)
                   AND (\(filter.category?.rawValue)::text IS NULL OR c.category = \(filter.category?.rawValue)::text)
                   AND (\(filter.assignee)::text IS NULL OR c.assignee = \(filter.assignee)::text)
                   AND (NOT \(filter.unassigned)::boolean OR c.assignee IS NULL)
                   AND (NOT \(filter.overdue)::boolean
                        OR (c.state NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed')
                            AND (c.decision_due < \(today.postgres)::date OR c.supplementation_due < \(today.postgres)::date)))
                 ORDER BY c.updated_at DESC, c.id
                 LIMIT \(filter.limit)
                """)
            return try rows.map { row in
                CaseSummary(
                    id: try row.decode("id"), state: try row.decode("state"), category: try row.decode("category"),
                    destinations: (try row.decode("destinations", as: String.self)).split(separator: ",").map(String.init),
                    applicantId: try row.decode("applicant_id"), applicantName: try row.decode("applicant_name"),
                    assignee: try row.decode("assignee", as: String?.self),
                    submittedOn: try row.decode("submitted_on", as: String?.self),
                    decisionDue: try row.decode("decision_due", as: String?.self),
                    supplementationDue: try row.decode("supplementation_due", as: String?.self),
                    overdue: try row.decode("overdue", as: Bool?.self) ?? false, version: try row.decode("version"))
            }
        }
    }
}
