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
/// day), and the reminders are split in two halves by case, so the three run at once on three connections;
/// revocation reviews follow the expiry.
enum DailySweep {
    /// One sweep of the day, named by its `sweep_runs.kind`.
    struct Unit: Sendable {
        /// The `sweep_runs.kind`.
        let kind: String
        /// The sweep itself, in the claim's transaction.
        let run: @Sendable (_ day: CivilDate, _ now: Date, _ connection: PostgresConnection) async throws -> SweepReport
    }

    /// Reminders are split into this many halves (by case), each its own unit.
    static let reminderShards = 2

    /// The units that run at once.
    static let concurrent: [Unit] = [
        Unit(kind: "endorsement_expiry") { day, now, connection in
            var report = SweepReport(day: day)
            (report.expired, report.voided) = try await EndorsementSweeps.endValidity(day: day, at: now, on: connection)
            return report
        },
    ] + (0..<reminderShards).map { shard in
        Unit(kind: "renewal_reminders_\(shard + 1)_of_\(reminderShards)") { day, now, connection in
            var report = SweepReport(day: day)
            report.reminders = try await EndorsementSweeps.remind(day: day, at: now, shard: shard, of: reminderShards, on: connection)
            return report
        }
    }

    /// The unit that runs after them.
    static let revocationReviews = Unit(kind: "revocation_reviews") { day, now, connection in
        var report = SweepReport(day: day)
        report.revocationReviews = try await EndorsementSweeps.openRevocationReviews(at: now, on: connection)
        return report
    }

    /// Every unit of a day.
    static var units: [Unit] { concurrent + [revocationReviews] }

    /// Attempts a sweep gets when PostgreSQL cancels it for a deadlock or a serialization failure (the sweeps
    /// touch disjoint rows, but a caseworker's change of the same case may still cross one).
    static let attempts = 3

    /// Runs the sweeps for `day` at `now` that no worker ran yet; nil when every one was already done.
    /// - Parameter now: the instant the sweeps act at (`--as-of`); nil for the real clock, read as each sweep
    ///   starts (a history row must be within minutes of the server's clock in a production database).
    static func runIfDue(day: CivilDate, at now: Date?, pool: PostgresPool, metrics: WorkerMetrics = WorkerMetrics(),
                         logger: Logger) async throws -> SweepReport? {
        var done = try await withThrowingTaskGroup(of: SweepReport?.self) { group in
            for unit in concurrent {
                group.addTask { try await run(unit, day: day, at: now, pool: pool, metrics: metrics, logger: logger) }
            }
            return try await group.reduce(into: [SweepReport]()) { if let report = $1 { $0.append(report) } }
        }
        if let reviews = try await run(revocationReviews, day: day, at: now, pool: pool, metrics: metrics, logger: logger) {
            done.append(reviews)
        }
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

    /// Claims `unit` for `day` and runs it in the claim's transaction; nil when another worker already did.
    private static func run(_ unit: Unit, day: CivilDate, at fixed: Date?, pool: PostgresPool, metrics: WorkerMetrics,
                            logger: Logger) async throws -> SweepReport? {
        for attempt in 1...attempts {
            let now = fixed ?? Date()
            do {
                let started = ContinuousClock.now
                let report = try await pool.withTransaction { connection -> SweepReport? in
                    let claimed = try await connection.query("""
                        INSERT INTO sweep_runs (kind, run_on) VALUES (\(unit.kind), \(day.postgres)) ON CONFLICT DO NOTHING RETURNING run_on
                        """)
                    guard !claimed.isEmpty else { return nil }
                    let report = try await unit.run(day, now, connection)
                    let affected = report.expired + report.voided + report.reminders + report.revocationReviews
                    try await connection.query("""
                        UPDATE sweep_runs SET affected = \(affected) WHERE kind = \(unit.kind) AND run_on = \(day.postgres)
                        """)
                    return report
                }
                if let report { metrics.swept(unit.kind, report: report, duration: ContinuousClock.now - started) }
                return report
            } catch let error as PostgresError where (error.isDeadlock || error.isSerializationFailure) && attempt < attempts {
                logger.info("sweep cancelled by a deadlock; running it again", metadata: ["sweep": "\(unit.kind)", "error": "\(error.message)"])
            }
        }
        return nil  // not reached: the last attempt returns or throws
    }
}
