import Foundation
import PermitCore
import Postgres

/// The office at a glance: cases by state, open cases past a deadline, and the job queue by kind.
public struct OfficeCounts: Sendable, Equatable, Codable {
    /// Cases per state (every state listed, zero included).
    public let casesByState: [String: Int]
    /// Open cases whose decision or supplementation deadline is before today.
    public let overdue: Int
    /// The job queue by kind.
    public let queue: [QueueStatistic]

    /// The states a case is no longer open in (drafts are not applications yet).
    static let notOpen = ["draft"] + CaseState.allCases.filter(\.isTerminal).map(\.rawValue)

    /// Reads the counts as of `now` (`today` is its day in the policy time zone).
    public static func read(today: CivilDate, now: Date, on connection: PostgresConnection) async throws -> OfficeCounts {
        let rows = try await connection.query("""
            SELECT state, count(*)::int AS cases,
                   count(*) FILTER (WHERE state <> ALL(\(notOpen)::text[])
                                      AND (decision_due < \(today.postgres)::date OR supplementation_due < \(today.postgres)::date))::int
                       AS overdue
              FROM applications GROUP BY state
            """)
        var byState = Dictionary(uniqueKeysWithValues: CaseState.allCases.map { ($0.rawValue, 0) })
        var overdue = 0
        for row in rows {
            byState[try row.decode("state")] = try row.decode("cases", as: Int.self)
            overdue += try row.decode("overdue", as: Int.self)
        }
        return OfficeCounts(casesByState: byState, overdue: overdue,
                            queue: try await JobQueue.statistics(now: now, on: connection))
    }

    /// The oldest due job's age in seconds at `now` (0 when nothing is due).
    public func oldestDueAge(at now: Date) -> Double {
        guard let oldest = queue.compactMap(\.oldestDueAt).min() else { return 0 }
        return max(0, now.timeIntervalSince(oldest))
    }
}
