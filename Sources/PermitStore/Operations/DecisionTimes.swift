import Foundation
import PermitCore
import Postgres

/// The decisions of the recent past, for the decision-time distribution.
public enum DecisionTimes {
    /// Acceptance and decision days of the cases decided in the `days` days through `today`.
    public static func decisions(lastDays days: Int, today: CivilDate,
                                 on connection: PostgresConnection) async throws -> [DecisionTimeStatistics.Decision] {
        let rows = try await connection.query("""
            SELECT accepted_on::text AS accepted_on, decided_on::text AS decided_on FROM applications
             WHERE decided_on > \(today.adding(days: -days).postgres)::date AND decided_on <= \(today.postgres)::date
               AND accepted_on IS NOT NULL
            """)
        return try rows.map { row in
            DecisionTimeStatistics.Decision(acceptedOn: try CivilDate.decoded(row, "accepted_on"),
                                            decidedOn: try CivilDate.decoded(row, "decided_on"))
        }
    }
}
