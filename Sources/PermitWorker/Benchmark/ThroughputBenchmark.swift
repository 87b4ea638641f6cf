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
}

/// `permit bench`: worker throughput beside hand-written SQL, and bulk sweep speed, in a scratch database.
public enum ThroughputBenchmark {
    /// Runs both benchmarks in `permitflow_bench` on `server` (created and dropped here).
    public static func run(server: PostgresConfiguration, migrations: URL, seeds: URL, cases: Int, rounds: Int = 5, concurrency: Int,
                           endorsements: Int, sweepRounds: Int = 3, keepDatabase: Bool = false, logger: Logger, progress: @Sendable (String) -> Void) async throws -> BenchmarkReport {
        progress("creating \(BenchmarkDatabase.name) (migrate, seed)")
        let database = try await BenchmarkDatabase.create(server: server, migrations: migrations, seeds: seeds, logger: logger)
        let pool = PostgresPool(configuration: database.configuration, maxConnections: max(concurrency, DailySweep.concurrent.count) + 2, logger: logger)
        do {
            let report = try await measure(database: database, pool: pool, cases: cases, rounds: rounds, concurrency: concurrency,
                                           endorsements: endorsements, sweepRounds: sweepRounds, logger: logger, progress: progress)
            await pool.close()
            if !keepDatabase { await database.drop() }
            return report
        } catch {
            await pool.close()
            await database.drop()
            throw error
        }
    }

    private static func measure(database: BenchmarkDatabase, pool: PostgresPool, cases: Int, rounds: Int, concurrency: Int, endorsements: Int,
                                sweepRounds: Int,
                                logger: Logger, progress: @Sendable (String) -> Void) async throws -> BenchmarkReport {
        let bench = try await BenchmarkCases.prepare(pool: pool, logger: logger)
        let now = BenchmarkCases.now

        let perRound = max(1, cases / rounds)
        let figures = try await ScreeningRounds(pool: pool, bench: bench, configuration: database.configuration,
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
            sweep = try await SweepBenchmark.sweep(round: round, at: now, pool: pool, logger: logger)
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
