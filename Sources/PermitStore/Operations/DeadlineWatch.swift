import Foundation
import PermitCore
import Postgres

/// An open case and where it stands against its decision deadline, in working days.
public struct DeadlineCase: Sendable, Equatable, Codable {
    /// The case id.
    public let id: UUID
    /// Its state.
    public let state: String
    /// Its category.
    public let category: String
    /// The applicant's name.
    public let applicantName: String
    /// Who holds it.
    public let assignee: String?
    /// The decision deadline.
    public let decisionDue: CivilDate
    /// Working days left (negative: late) and whether the count is provisional.
    public let standing: DeadlineStanding
}

/// Open cases near or past their decision deadline.
public enum DeadlineWatch {
    /// Open cases whose decision deadline is at most `margin` working days after `today` (or past), soonest first;
    /// at most `limit`.
    public static func cases(today: CivilDate, margin: Int, limit: Int = 200, calendar: WorkingDayCalendar,
                             on connection: PostgresConnection) async throws -> [DeadlineCase] {
        let horizon = calendar.addingWorkingDays(margin, to: today).date
        let rows = try await connection.query("""
            SELECT c.id, c.state, c.category, a.name AS applicant_name, c.assignee, c.decision_due::text AS decision_due
              FROM applications c JOIN applicants a ON a.id = c.applicant_id
             WHERE c.state NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed')   -- as migration 0009's index
               AND c.decision_due <= \(horizon.postgres)::date
             ORDER BY c.decision_due, c.id
             LIMIT \(limit)
            """)
        return try rows.map { row in
            let due = try CivilDate.decoded(row, "decision_due")
            return DeadlineCase(id: try row.decode("id"), state: try row.decode("state"), category: try row.decode("category"),
                                applicantName: try row.decode("applicant_name"), assignee: try row.decode("assignee", as: String?.self),
                                decisionDue: due,
                                standing: DeadlineStanding(deadline: due, today: today, margin: margin, calendar: calendar))
        }
    }
}

extension CivilDate {
    /// Decodes a `date::text` column.
    static func decoded(_ row: PostgresRow, _ column: String) throws -> CivilDate {
        let text: String = try row.decode(column)
        guard let date = CivilDate(iso: text) else { throw StoreError.invalid(column, "is not a date: \(text)") }
        return date
    }
}
