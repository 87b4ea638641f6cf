import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// One pass of the worker (`permit worker --once`): run everything due, then the daily sweep, and return.
public enum WorkerRun {
    /// Runs every job due by `asOf` (now when nil), again and again while handlers queue follow-ups due by then,
    /// then the daily sweep for that day (unless a worker already swept it).
    ///
    /// With `asOf`, that instant is "now" for every transition and for the sweep: pass `ActingTime.endOfDay(_:in:)` of
    /// a day to act as at the end of that day in the policy time zone. From 1 December it also warns when next
    /// year's working-day calendar is not loaded.
    public static func once(pool: PostgresPool, asOf: Date?, settings: WorkerSettings, metrics: WorkerMetrics = WorkerMetrics(),
                            logger: Logger) async throws -> WorkerRunSummary {
        let cases = CaseRepository(pool: pool, logger: logger)
        let tally = RunTally()
        let lanes = JobLanes.make(pool: pool, cases: cases, settings: settings, tally: tally, metrics: metrics, logger: logger)
        var rounds = 0
        repeat {
            if let error = await lanes.drain(asOf: asOf) { throw error }
            rounds += 1
        } while try await anythingDue(by: asOf ?? Date(), pool: pool) && rounds < 10_000
        let zone = try await pool.withConnection { connection in try await cases.policyTimeZone(on: connection) }
        let today = CivilDate.today(in: zone, now: asOf ?? Date())
        if let report = try await DailySweep.runIfDue(day: today, at: asOf, pool: pool, metrics: metrics, logger: logger) {
            tally.record(report)
        }
        try await CalendarWarning.log(on: today, cases: cases, pool: pool, logger: logger)
        return tally.current
    }

    static func anythingDue(by asOf: Date, pool: PostgresPool) async throws -> Bool {
        try await pool.withConnection { connection in
            try await connection.query("""
                SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'queued' AND due_at <= \(asOf)) AS due
                """).first?.decode("due", as: Bool.self) ?? false
        }
    }
}

extension JobLanes {
    /// Lanes wired to the case door with the settings' lease.
    static func make(pool: PostgresPool, cases: CaseRepository, settings: WorkerSettings, tally: RunTally,
                     metrics: WorkerMetrics, wake: WakeSignal = WakeSignal(), stop: StopFlag = StopFlag(),
                     logger: Logger) -> JobLanes {
        let queue = JobQueue(leaseSeconds: settings.leaseSeconds)
        let execution = JobExecution(pool: pool, queue: queue, handler: CaseJobHandler(cases: cases), logger: logger)
        return JobLanes(pool: pool, queue: queue, execution: execution, settings: settings, tally: tally,
                        metrics: metrics, wake: wake, stop: stop, logger: logger)
    }
}
