import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// The daily endorsement sweeps, each run once per day across all workers: the worker whose
/// `INSERT INTO sweep_runs … ON CONFLICT DO NOTHING` inserts a sweep's row for the day runs that sweep, in the
/// same transaction, so a sweep is never half done and never done twice.
///
/// Expiry and renewal reminders touch disjoint endorsements (a reminder skips an endorsement that ends by the
/// day), so they run at once on two connections, one core each; revocation reviews follow the expiry.
enum DailySweep {
    /// One sweep, named by its `sweep_runs.kind`.
    enum Kind: String, CaseIterable, Sendable {
        /// Expired and void endorsements.
        case expiry = "endorsement_expiry"
        /// Renewal reminders recorded in case histories.
        case reminders = "renewal_reminders"
        /// Revocation reviews for Hetao endorsements whose registration was cancelled.
        case revocationReviews = "revocation_reviews"
    }

    /// Attempts a sweep gets when PostgreSQL breaks a deadlock by cancelling it (possible only when an
    /// endorsement's EEP was cancelled the same day it was due a reminder).
    static let attempts = 3

    /// Runs the sweeps for `day` at `now` that no worker ran yet; nil when every one was already done.
    static func runIfDue(day: CivilDate, at now: Date, pool: PostgresPool, logger: Logger) async throws -> SweepReport? {
        async let expiry = run(.expiry, day: day, pool: pool, logger: logger) { connection in
            var report = SweepReport(day: day)
            (report.expired, report.voided) = try await EndorsementSweeps.endValidity(day: day, at: now, on: connection)
            return report
        }
        async let reminders = run(.reminders, day: day, pool: pool, logger: logger) { connection in
            var report = SweepReport(day: day)
            report.reminders = try await EndorsementSweeps.remind(day: day, at: now, on: connection)
            return report
        }
        let first = try await [expiry, reminders]
        let reviews = try await run(.revocationReviews, day: day, pool: pool, logger: logger) { connection in
            var report = SweepReport(day: day)
            report.revocationReviews = try await EndorsementSweeps.openRevocationReviews(at: now, on: connection)
            return report
        }
        let done = (first + [reviews]).compactMap { $0 }
        guard !done.isEmpty else { return nil }
        var total = SweepReport(day: day)
        for part in done {
            total.expired += part.expired
            total.voided += part.voided
            total.reminders += part.reminders
            total.revocationReviews += part.revocationReviews
        }
        logger.info("daily sweep done", metadata: [
            "day": "\(day)", "expired": "\(total.expired)", "voided": "\(total.voided)",
            "reminders": "\(total.reminders)", "revocation_reviews": "\(total.revocationReviews)",
        ])
        return total
    }

    /// Claims `kind` for `day` and runs it in the claim's transaction; nil when another worker already did.
    private static func run(_ kind: Kind, day: CivilDate, pool: PostgresPool, logger: Logger,
                            sweep: @escaping @Sendable (PostgresConnection) async throws -> SweepReport) async throws -> SweepReport? {
        for attempt in 1...attempts {
            do {
                return try await pool.withTransaction { connection -> SweepReport? in
                    let claimed = try await connection.query("""
                        INSERT INTO sweep_runs (kind, run_on) VALUES (\(kind.rawValue), \(day.postgres)) ON CONFLICT DO NOTHING RETURNING run_on
                        """)
                    guard !claimed.isEmpty else { return nil }
                    let report = try await sweep(connection)
                    let affected = report.expired + report.voided + report.reminders + report.revocationReviews
                    try await connection.query("""
                        UPDATE sweep_runs SET affected = \(affected) WHERE kind = \(kind.rawValue) AND run_on = \(day.postgres)
                        """)
                    return report
                }
            } catch let error as PostgresError where (error.isDeadlock || error.isSerializationFailure) && attempt < attempts {
                logger.info("sweep cancelled by a deadlock; running it again", metadata: ["sweep": "\(kind.rawValue)", "error": "\(error.message)"])
            }
        }
        return nil  // not reached: the last attempt returns or throws
    }
}
