import Foundation
import Logging
import PermitStore
import Postgres

/// The figures `permit bench` prints.
public struct BenchmarkReport: Sendable, Codable, Equatable {
    /// Cases screened by each contender, over all rounds.
    public var cases: Int
    /// Lanes (connections) each contender used.
    public var concurrency: Int
    /// Rounds: each times all three contenders on fresh cases, one after the other.
    public var rounds: Int
    /// Cases advanced per second through the real worker path (claim, lease, fenced transaction, case door), median over rounds.
    public var workerCasesPerSecond: Double
    /// Cases advanced per second by the hand-written door statements (no worker machinery), median over rounds.
    public var directCasesPerSecond: Double
    /// worker ÷ direct: the median of the rounds' ratios.
    public var ratio: Double
    /// worker ÷ direct in each round.
    public var roundRatios: [Double]
    /// Cases advanced per second by the minimal hand-written writes (the floor: no reads, no decisions), median over rounds.
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
    /// Sweep rounds: each loads `endorsements` endorsements for a day of its own and sweeps them.
    public var sweepRounds: Int
    /// Seconds a sweep took, median over rounds.
    public var sweepSeconds: Double
    /// Endorsements swept per second, median over rounds.
    public var sweepPerSecond: Double
    /// Endorsements swept per second in each round.
    public var sweepRoundRates: [Double]
    /// Notifications sent through `pg_notify` and timed to their arrival at a waiting listener.
    public var notifications: Int
    /// The median delivery time of a notification, in milliseconds.
    public var notifyMedianMilliseconds: Double
    /// The slowest delivery, in milliseconds.
    public var notifySlowestMilliseconds: Double
    /// The Swift layer beside `pgbench -M prepared` on identical SQL, per connection count (empty when skipped).
    public var identicalSql: [IdenticalSQLFigures] = []
    /// Why the pgbench comparison did not run, when it did not.
    public var identicalSqlSkipped: String?
    /// Cases loaded for the scale measurements (0 when not run).
    public var scale: Int = 0
    /// The latency of the caseworkers' commands at `scale` cases.
    public var scaleQueries: [ScaleQueryFigures] = []
}

/// What `permit bench` runs besides its defaults.
public struct BenchmarkParts: Sendable {
    /// Connection counts at which the Swift layer and pgbench run identical SQL (none: skipped).
    public var identicalSQLConnections: [Int]
    /// Cases to load for the scale measurements (0: skipped).
    public var scale: Int
    /// Runs of each measured command at scale.
    public var scaleSamples: Int
    /// Only the scale measurements (no screening, sweeps or notifications).
    public var scaleOnly: Bool

    /// Creates the parts.
    public init(identicalSQLConnections: [Int] = [1, 2], scale: Int = 0, scaleSamples: Int = 200, scaleOnly: Bool = false) {
        self.identicalSQLConnections = identicalSQLConnections
        self.scale = scale
        self.scaleSamples = scaleSamples
        self.scaleOnly = scaleOnly
    }
}

/// `permit bench`: worker throughput beside hand-written SQL, and bulk sweep speed, in a scratch database.
public enum ThroughputBenchmark {
    /// Runs both benchmarks in `permitflow_bench` on `server` (created and dropped here).
    public static func run(server: PostgresConfiguration, migrations: URL, seeds: URL, cases: Int, rounds: Int = 5, concurrency: Int,
                           endorsements: Int, sweepRounds: Int = 3, parts: BenchmarkParts = BenchmarkParts(), keepDatabase: Bool = false,
                           logger: Logger, progress: @Sendable (String) -> Void) async throws -> BenchmarkReport {
        progress("creating \(BenchmarkDatabase.name) (migrate, seed)")
        let database = try await BenchmarkDatabase.create(server: server, migrations: migrations, seeds: seeds, logger: logger)
        let pool = PostgresPool(configuration: database.configuration, maxConnections: max(concurrency, DailySweep.concurrent.count) + 2, logger: logger)
        do {
            let bench = try await BenchmarkCases.prepare(pool: pool, logger: logger)
            var report = parts.scaleOnly ? BenchmarkReport.empty(concurrency: concurrency)
                : try await measure(database: database, pool: pool, bench: bench, cases: cases, rounds: rounds, concurrency: concurrency,
                                    endorsements: endorsements, sweepRounds: sweepRounds, logger: logger, progress: progress)
            if !parts.scaleOnly, !parts.identicalSQLConnections.isEmpty {
                if let pgbench = IdenticalSQL.findPgbench() {
                    report.identicalSql = try await IdenticalSQLRounds(pool: pool, bench: bench, configuration: database.configuration, logger: logger)
                        .run(pgbench: pgbench, connectionCounts: parts.identicalSQLConnections, rounds: rounds,
                             perRound: max(1, cases / rounds), progress: progress)
                } else {
                    report.identicalSqlSkipped = "pgbench is not on PATH (Debian: apt-get install postgresql-client)"
                }
            }
            if parts.scale > 0 {
                report.scale = parts.scale
                report.scaleQueries = try await scaleQueries(parts, pool: pool, bench: bench, configuration: database.configuration,
                                                             logger: logger, progress: progress)
            }
            await pool.close()
            if !keepDatabase { await database.drop() }
            return report
        } catch {
            await pool.close()
            await database.drop()
            throw error
        }
    }

    /// Loads `parts.scale` cases and measures the caseworkers' commands over them.
    static func scaleQueries(_ parts: BenchmarkParts, pool: PostgresPool, bench: BenchmarkCases, configuration: PostgresConfiguration,
                                     logger: Logger, progress: @Sendable (String) -> Void) async throws -> [ScaleQueryFigures] {
        let template = try await pool.withConnection { connection in
            try await connection.query("""
                SELECT a.employer_code, t.policy_version FROM applications t JOIN applicants a ON a.id = t.applicant_id WHERE t.id = \(bench.template)
                """)[0]
        }
        let scale = CaseListScale(pool: pool, configuration: configuration, logger: logger)
        let ids = try await scale.load(count: parts.scale, employer: try template.decode("employer_code"),
                                       policyVersion: try template.decode("policy_version"), progress: progress)
        progress("scale: \(parts.scaleSamples) runs of each command")
        return try await scale.measure(samples: parts.scaleSamples, show: ids, reference: bench.cases.reference)
    }

    private static func measure(database: BenchmarkDatabase, pool: PostgresPool, bench: BenchmarkCases, cases: Int, rounds: Int,
                                concurrency: Int, endorsements: Int, sweepRounds: Int,
                                logger: Logger, progress: @Sendable (String) -> Void) async throws -> BenchmarkReport {
        let now = BenchmarkCases.now

        let perRound = max(1, cases / rounds)
        // The worker, the direct contender and the sweeps run as the bench's worker login, as in production.
        let workerPool = PostgresPool(configuration: database.workerConfiguration,
                                      maxConnections: max(concurrency, DailySweep.concurrent.count) + 2, logger: logger)
        defer { Task { await workerPool.close() } }
        let figures = try await ScreeningRounds(pool: pool, workerPool: workerPool, bench: bench, configuration: database.workerConfiguration,
                                                concurrency: concurrency, logger: logger)
            .run(rounds: rounds, perRound: perRound, progress: progress)
        let measured = Double(perRound * rounds)

        var sweepRates: [Double] = []
        var sweepTimes: [Double] = []
        var sweep = SweepReport(day: SweepBenchmark.day(round: 0))
        for round in 0..<sweepRounds {
            progress("sweep round \(round + 1) of \(sweepRounds): loading \(endorsements) endorsements")
            try await SweepBenchmark.load(count: endorsements, round: round, templateCase: bench.template,
                                          configuration: database.configuration, logger: logger)
            let sweepStart = ContinuousClock.now
            sweep = try await SweepBenchmark.sweep(round: round, at: now, pool: workerPool, logger: logger)
            let elapsed = (ContinuousClock.now - sweepStart).inSeconds
            guard sweep.expired + sweep.reminders == endorsements else {
                throw JobFailure("benchmark check failed: the sweep of round \(round + 1) ended \(sweep.expired) and reminded "
                                 + "\(sweep.reminders) of \(endorsements) endorsements")
            }
            sweepTimes.append(elapsed)
            sweepRates.append(Double(endorsements) / elapsed)
        }

        progress("NOTIFY delivery")
        let latencies = try await NotifyLatency.measure(count: 200, configuration: database.configuration, logger: logger)

        let workerRate = figures.rates[.worker, default: []].median
        let directRate = figures.rates[.direct, default: []].median
        let minimalRate = figures.rates[.minimal, default: []].median
        return BenchmarkReport(cases: perRound * rounds, concurrency: concurrency, rounds: rounds,
                               workerCasesPerSecond: workerRate, directCasesPerSecond: directRate,
                               ratio: figures.ratios.median, roundRatios: figures.ratios,
                               minimalCasesPerSecond: minimalRate, minimalRatio: workerRate / minimalRate,
                               workerClientMicrosecondsPerCase: figures.cpuSeconds[.worker, default: 0] / measured * 1e6,
                               directClientMicrosecondsPerCase: figures.cpuSeconds[.direct, default: 0] / measured * 1e6,
                               endorsements: endorsements, expired: sweep.expired, reminders: sweep.reminders,
                               sweepRounds: sweepRounds, sweepSeconds: sweepTimes.median, sweepPerSecond: sweepRates.median,
                               sweepRoundRates: sweepRates,
                               notifications: latencies.count, notifyMedianMilliseconds: latencies.median,
                               notifySlowestMilliseconds: latencies.last ?? 0)
    }
}

extension BenchmarkReport {
    /// A report with nothing measured yet (`--scale-only`).
    static func empty(concurrency: Int) -> BenchmarkReport {
        BenchmarkReport(cases: 0, concurrency: concurrency, rounds: 0, workerCasesPerSecond: 0, directCasesPerSecond: 0, ratio: 0,
                        roundRatios: [], minimalCasesPerSecond: 0, minimalRatio: 0, workerClientMicrosecondsPerCase: 0,
                        directClientMicrosecondsPerCase: 0, endorsements: 0, expired: 0, reminders: 0, sweepRounds: 0, sweepSeconds: 0,
                        sweepPerSecond: 0, sweepRoundRates: [], notifications: 0, notifyMedianMilliseconds: 0, notifySlowestMilliseconds: 0)
    }
}
