import Foundation
import Logging
import PermitStore
import Postgres

/// The figures `permit bench` prints.
public struct BenchmarkReport: Sendable, Codable, Equatable {
    /// Cases screened by each contender.
    public var cases: Int
    /// Lanes (connections) each contender used.
    public var concurrency: Int
    /// Seconds the worker took to screen `cases` cases.
    public var workerSeconds: Double
    /// Cases advanced per second through the real worker path (claim, lease, fenced transaction, case door).
    public var workerCasesPerSecond: Double
    /// Seconds the hand-written copies of the door's statements took for the same change to as many cases.
    public var directSeconds: Double
    /// Cases advanced per second by the hand-written copies of the door's statements (no worker machinery).
    public var directCasesPerSecond: Double
    /// worker ÷ direct.
    public var ratio: Double
    /// Cases advanced per second by the minimal hand-written writes (the floor: no reads, no decisions).
    public var minimalCasesPerSecond: Double
    /// worker ÷ minimal.
    public var minimalRatio: Double
    /// CPU time (user + system) of this process per case on the worker path: the client side of its cost.
    public var workerClientMicrosecondsPerCase: Double
    /// CPU time of this process per case for the hand-written door statements.
    public var directClientMicrosecondsPerCase: Double
    /// Endorsements in the sweep benchmark.
    public var endorsements: Int
    /// Endorsements expired by the sweep.
    public var expired: Int
    /// Renewal reminders recorded by the sweep.
    public var reminders: Int
    /// Seconds the sweep took.
    public var sweepSeconds: Double
    /// Endorsements swept per second.
    public var sweepPerSecond: Double
    /// Notifications sent through `pg_notify` and timed to their arrival at a waiting listener.
    public var notifications: Int
    /// The median delivery time of a notification, in milliseconds.
    public var notifyMedianMilliseconds: Double
    /// The slowest delivery, in milliseconds.
    public var notifySlowestMilliseconds: Double
}

/// `permit bench`: worker throughput beside hand-written SQL, and bulk sweep speed, in a scratch database.
public enum ThroughputBenchmark {
    /// Runs both benchmarks in `permitflow_bench` on `server` (created and dropped here).
    public static func run(server: PostgresConfiguration, migrations: URL, seeds: URL, cases: Int, concurrency: Int,
                           endorsements: Int, keepDatabase: Bool = false, logger: Logger, progress: @Sendable (String) -> Void) async throws -> BenchmarkReport {
        progress("creating \(BenchmarkDatabase.name) (migrate, seed)")
        let database = try await BenchmarkDatabase.create(server: server, migrations: migrations, seeds: seeds, logger: logger)
        let pool = PostgresPool(configuration: database.configuration, maxConnections: concurrency + 2, logger: logger)
        do {
            let report = try await measure(database: database, pool: pool, cases: cases, concurrency: concurrency,
                                           endorsements: endorsements, logger: logger, progress: progress)
            await pool.close()
            if !keepDatabase { await database.drop() }
            return report
        } catch {
            await pool.close()
            await database.drop()
            throw error
        }
    }

    private static func measure(database: BenchmarkDatabase, pool: PostgresPool, cases: Int, concurrency: Int, endorsements: Int,
                                logger: Logger, progress: @Sendable (String) -> Void) async throws -> BenchmarkReport {
        let bench = try await BenchmarkCases.prepare(pool: pool, logger: logger)
        let now = BenchmarkCases.now

        // All three batches exist before any is measured, so each contender sees tables of the same size; the
        // direct batches' jobs are put far in the future so the worker only claims its own batch.
        progress("creating 3 x \(cases) cases ready for screening")
        let direct = try await bench.clone(count: cases, batch: "A")
        let minimal = try await bench.clone(count: cases, batch: "C")
        let viaWorker = try await bench.clone(count: cases, batch: "B")
        _ = try await pool.withConnection { connection in
            try await connection.query("""
                UPDATE jobs SET due_at = '2100-01-01' WHERE case_id = ANY(\(direct + minimal)::uuid[]) AND state = 'queued'
                """)
        }
        try await analyze(pool)

        progress("direct (the door's statements, hand-written)")
        let directStart = ContinuousClock.now
        let directCPU = processCPUSeconds()
        let directCount = try await DirectScreening.run(direct, mode: .sameStatements, template: bench.template, lanes: concurrency,
                                                        configuration: database.configuration, at: now,
                                                        supplementationDue: "2026-04-01", logger: logger)
        let directSeconds = seconds(since: directStart)
        let directCPUSeconds = processCPUSeconds() - directCPU

        progress("direct (minimal writes)")
        let minimalStart = ContinuousClock.now
        _ = try await DirectScreening.run(minimal, mode: .minimal, template: bench.template, lanes: concurrency, configuration: database.configuration,
                                          at: now, supplementationDue: "2026-04-01", logger: logger)
        let minimalSeconds = seconds(since: minimalStart)

        progress("worker")
        let settings = WorkerSettings(concurrency: concurrency, workerID: "bench")
        let tally = RunTally()
        let lanes = JobLanes.make(pool: pool, cases: bench.cases, settings: settings, tally: tally, logger: logger)
        let workerStart = ContinuousClock.now
        let workerCPU = processCPUSeconds()
        if let error = await lanes.drain(asOf: now) { throw error }
        let workerSeconds = seconds(since: workerStart)
        let workerCPUSeconds = processCPUSeconds() - workerCPU
        let advanced = try await pool.withConnection { connection in
            try await connection.query("""
                SELECT count(*)::int AS n FROM applications WHERE id = ANY(\(viaWorker)::uuid[]) AND state <> 'submitted'
                """).first!.decode("n", as: Int.self)
        }
        guard advanced == cases, directCount == cases else {
            throw JobFailure("benchmark check failed: the worker advanced \(advanced) of \(cases) cases "
                             + "(\(tally.current.jobsFailed) failures), direct \(directCount)")
        }

        progress("sweeps: \(endorsements) endorsements")
        let loader = try await PostgresConnection.connect(database.configuration, logger: logger)
        do {
            try await SweepBenchmark.populate(count: endorsements, templateCase: bench.template, on: loader)
            // Endorsements a sweep ends were issued months or years before and long since vacuumed; a
            // freshly loaded table would make the sweep pay for the load's first visit instead.
            try await loader.execute(simpleSQL: "VACUUM (ANALYZE)")
            await loader.close()
        } catch {
            await loader.close()
            throw error
        }
        let sweepStart = ContinuousClock.now
        let sweep = try await SweepBenchmark.sweep(at: now, pool: pool, logger: logger)
        let sweepSeconds = seconds(since: sweepStart)
        let swept = sweep.expired + sweep.voided + sweep.reminders

        progress("NOTIFY delivery")
        let latencies = try await NotifyLatency.measure(count: 200, configuration: database.configuration, logger: logger)

        let workerRate = Double(cases) / workerSeconds
        let directRate = Double(cases) / directSeconds
        let minimalRate = Double(cases) / minimalSeconds
        return BenchmarkReport(cases: cases, concurrency: concurrency, workerSeconds: workerSeconds, workerCasesPerSecond: workerRate,
                               directSeconds: directSeconds, directCasesPerSecond: directRate, ratio: workerRate / directRate,
                               minimalCasesPerSecond: minimalRate, minimalRatio: workerRate / minimalRate,
                               workerClientMicrosecondsPerCase: workerCPUSeconds / Double(cases) * 1e6,
                               directClientMicrosecondsPerCase: directCPUSeconds / Double(cases) * 1e6,
                               endorsements: endorsements, expired: sweep.expired, reminders: sweep.reminders,
                               sweepSeconds: sweepSeconds, sweepPerSecond: Double(swept) / sweepSeconds,
                               notifications: latencies.count, notifyMedianMilliseconds: latencies[latencies.count / 2],
                               notifySlowestMilliseconds: latencies.last ?? 0)
    }

    private static func analyze(_ pool: PostgresPool) async throws {
        try await pool.withConnection { connection in try await connection.execute(simpleSQL: "ANALYZE") }
    }

    /// User + system CPU seconds this process has used so far.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
