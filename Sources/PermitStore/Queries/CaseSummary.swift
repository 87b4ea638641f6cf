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
    /// The states in which a case is closed (never overdue).
    static let closedStates = "('draft', 'issued', 'rejected', 'withdrawn', 'lapsed')"

    /// The list statement for `filter`: only the conditions asked for, so each shape walks its index of migration
    /// 0008 in `updated_at DESC, id` order and stops after the limit. `--overdue` first takes the overdue cases by
    /// their earliest deadline (few, but the oldest open ones, which a walk in list order reaches last), orders them,
    /// and reads only the first `limit` cases.
    static func listQuery(_ filter: CaseFilter, today: CivilDate) -> PostgresQuery {
        var binds: [String?] = []
        func parameter(_ value: String) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        let day = parameter(today.description)
        var conditions = ""
        if let state = filter.state { conditions += " AND c.state = \(parameter(state.rawValue))" }
        if let category = filter.category { conditions += " AND c.category = \(parameter(category.rawValue))" }
        if let assignee = filter.assignee { conditions += " AND c.assignee = \(parameter(assignee))" }
        if filter.unassigned { conditions += " AND c.assignee IS NULL" }
        let limit = parameter(String(filter.limit))
        let columns = """
            SELECT c.id, c.state, c.category, array_to_string(c.destinations, ',') AS destinations, c.applicant_id,
                   a.name AS applicant_name, c.assignee, c.submitted_on::text AS submitted_on,
                   c.decision_due::text AS decision_due, c.supplementation_due::text AS supplementation_due, c.version,
                   (c.state NOT IN \(closedStates) AND least(c.decision_due, c.supplementation_due) < \(day)::date) AS overdue
            """
        guard filter.overdue else {
            return PostgresQuery(unsafeSQL: """
                \(columns)
                  FROM applications c JOIN applicants a ON a.id = c.applicant_id
                 WHERE true\(conditions)
                 ORDER BY c.updated_at DESC, c.id LIMIT \(limit)
                """, binds: binds)
        }
        return PostgresQuery(unsafeSQL: """
            WITH overdue AS MATERIALIZED (
                SELECT c.id, c.updated_at FROM applications c
                 WHERE c.state NOT IN \(closedStates) AND least(c.decision_due, c.supplementation_due) < \(day)::date\(conditions)
            ), first AS (
                SELECT id, updated_at FROM overdue ORDER BY updated_at DESC, id LIMIT \(limit)
            )
            \(columns)
              FROM first JOIN applications c ON c.id = first.id JOIN applicants a ON a.id = c.applicant_id
             ORDER BY first.updated_at DESC, first.id
            """, binds: binds)
    }

    /// The cases matching `filter`, newest change first; "overdue" is judged as of `today`.
    public static func list(_ filter: CaseFilter, today: CivilDate, pool: PostgresPool) async throws -> [CaseSummary] {
        guard (1...10_000).contains(filter.limit) else { throw StoreError.invalid("limit", "must be 1 to 10000") }
        let query = listQuery(filter, today: today)
        return try await pool.withConnection { connection in
            let rows = try await connection.query(query)
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
