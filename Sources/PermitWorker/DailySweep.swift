import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// The daily endorsement sweeps, run once per day across all workers: the worker whose
/// `INSERT INTO sweep_runs … ON CONFLICT DO NOTHING` inserts the day's row runs them, in the same transaction.
enum DailySweep {
    /// The `sweep_runs.kind` of the endorsement sweeps.
    static let kind = "endorsements"

    /// Runs the sweeps for `day` at `now` unless some worker already did; nil when it was already done.
    static func runIfDue(day: CivilDate, at now: Date, pool: PostgresPool, logger: Logger) async throws -> SweepReport? {
        let report = try await pool.withTransaction { connection -> SweepReport? in
            let claimed = try await connection.query("""
                INSERT INTO sweep_runs (kind, run_on) VALUES (\(kind), \(day.postgres)) ON CONFLICT DO NOTHING RETURNING run_on
                """)
            guard !claimed.isEmpty else { return nil }
            let report = try await EndorsementSweeps.run(day: day, at: now, on: connection)
            let affected = report.expired + report.voided + report.reminders + report.revocationReviews
            try await connection.query("UPDATE sweep_runs SET affected = \(affected) WHERE kind = \(kind) AND run_on = \(day.postgres)")
            return report
        }
        if let report {
            logger.info("daily sweep done", metadata: [
                "day": "\(day)", "expired": "\(report.expired)", "voided": "\(report.voided)",
                "reminders": "\(report.reminders)", "revocation_reviews": "\(report.revocationReviews)",
            ])
        }
        return report
    }
}
