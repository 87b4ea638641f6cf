import Foundation
import PermitCore
import Postgres

/// The open cases one person holds.
public struct CaseworkerLoad: Sendable, Equatable, Codable {
    /// The staff member (nil: the open cases nobody holds).
    public let assignee: String?
    /// Open cases held.
    public let open: Int
    /// Of those, under review.
    public let underReview: Int
    /// Of those, escalated.
    public let escalated: Int
    /// Of those, past a deadline.
    public let overdue: Int

    /// Every caseworker's and supervisor's open cases (active staff, zero included), most first, then the unassigned.
    public static func current(today: CivilDate, on connection: PostgresConnection) async throws -> [CaseworkerLoad] {
        let rows = try await connection.query("""
            WITH open AS (
                SELECT assignee, state,
                       (decision_due < \(today.postgres)::date OR supplementation_due < \(today.postgres)::date) AS late
                  FROM applications WHERE state <> ALL(\(OfficeCounts.notOpen)::text[])
            ), people AS (
                SELECT name FROM staff WHERE active AND role IN ('caseworker', 'supervisor')
                UNION SELECT assignee FROM open WHERE assignee IS NOT NULL
                UNION ALL SELECT NULL
            )
            SELECT p.name AS assignee, count(o.state)::int AS open,
                   count(*) FILTER (WHERE o.state = 'under_review')::int AS under_review,
                   count(*) FILTER (WHERE o.state = 'escalated')::int AS escalated,
                   count(*) FILTER (WHERE o.late)::int AS overdue
              FROM people p LEFT JOIN open o ON o.assignee IS NOT DISTINCT FROM p.name
             GROUP BY p.name
             ORDER BY p.name IS NULL, count(o.state) DESC, p.name
            """)
        return try rows.map { row in
            CaseworkerLoad(assignee: try row.decode("assignee", as: String?.self), open: try row.decode("open"),
                           underReview: try row.decode("under_review"), escalated: try row.decode("escalated"),
                           overdue: try row.decode("overdue"))
        }
    }
}
