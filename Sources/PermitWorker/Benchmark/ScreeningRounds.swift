import Foundation
import Logging
import PermitStore
import Postgres

/// The screening contenders measured in alternating rounds: this machine's speed drifts (other tenants, the
/// server's checkpoints), so each round times all three on fresh cases within seconds of each other, and the
/// report takes medians over the rounds rather than one long run of each.
struct ScreeningRounds {
    /// One contender.
    enum Contender: CaseIterable {
        case direct, minimal, worker
    }

    /// What the rounds measured.
    struct Figures {
        /// Cases per second in each round, per contender.
        var rates: [Contender: [Double]] = [:]
        /// Seconds of this process's CPU, summed over the rounds, per contender.
        var cpuSeconds: [Contender: Double] = [:]
        /// worker ÷ direct in each round.
        var ratios: [Double] = []
    }

    /// The operator's pool (preparing cases, releasing jobs, checking).
    let pool: PostgresPool
    /// The worker login's pool: the worker contender runs on it.
    let workerPool: PostgresPool
    let bench: BenchmarkCases
    /// The worker login's settings: the direct and minimal contenders connect with them.
    let configuration: PostgresConfiguration
    let concurrency: Int
    let logger: Logger

    /// Runs `rounds` rounds of `perRound` cases per contender (all cases are created before the first round).
    func run(rounds: Int, perRound: Int, progress: @Sendable (String) -> Void) async throws -> Figures {
        let now = BenchmarkCases.now
        progress("creating 3 x \(rounds * perRound) cases ready for screening")
        var batches: [Contender: [[UUID]]] = [:]
        for (contender, letter) in [(Contender.direct, Character("A")), (.minimal, "C"), (.worker, "B")] {
            let ids = try await bench.clone(count: rounds * perRound, batch: letter)
            batches[contender] = stride(from: 0, to: ids.count, by: perRound).map { Array(ids[$0..<min($0 + perRound, ids.count)]) }
        }
        // Every job waits far in the future; a round releases the screen jobs of the worker's cases for that round.
        let all = batches.values.flatMap { $0.flatMap { $0 } }
        _ = try await pool.withConnection { connection in
            try await connection.query("UPDATE jobs SET due_at = '2100-01-01' WHERE case_id = ANY(\(all)::uuid[]) AND state = 'queued'")
            try await connection.execute(simpleSQL: "ANALYZE")
        }
        var figures = Figures()
        for round in 0..<rounds {
            progress("round \(round + 1) of \(rounds)")
            var rates: [Contender: Double] = [:]
            // The order turns each round, so no contender always follows the same one.
            let order = (0..<Contender.allCases.count).map { Contender.allCases[($0 + round) % Contender.allCases.count] }
            for contender in order {
                let ids = batches[contender]![round]
                let start = ContinuousClock.now
                let cpu = ProcessCPU.seconds()
                try await screen(ids, by: contender, at: now)
                let elapsed = ContinuousClock.now - start
                figures.cpuSeconds[contender, default: 0] += ProcessCPU.seconds() - cpu
                rates[contender] = Double(ids.count) / elapsed.inSeconds
            }
            for (contender, rate) in rates { figures.rates[contender, default: []].append(rate) }
            figures.ratios.append(rates[.worker]! / rates[.direct]!)
        }
        try await checkAdvanced(batches.values.flatMap { $0.flatMap { $0 } })
        return figures
    }

    private func screen(_ ids: [UUID], by contender: Contender, at now: Date) async throws {
        switch contender {
        case .direct, .minimal:
            _ = try await DirectScreening.run(ids, mode: contender == .direct ? .sameStatements : .minimal, template: bench.template,
                                              lanes: concurrency, configuration: configuration, at: now,
                                              supplementationDue: "2026-04-01", logger: logger)
        case .worker:
            _ = try await pool.withConnection { connection in
                try await connection.query("""
                    UPDATE jobs SET due_at = \(now) WHERE case_id = ANY(\(ids)::uuid[]) AND kind = 'screen' AND state = 'queued'
                    """)
            }
            let settings = WorkerSettings(concurrency: concurrency, workerID: "bench")
            let tally = RunTally()
            let cases = CaseRepository(pool: workerPool, reference: bench.cases.reference, logger: logger)
            let lanes = JobLanes.make(pool: workerPool, cases: cases, settings: settings, tally: tally,
                                      metrics: WorkerMetrics(), logger: logger)
            if let error = await lanes.drain(asOf: now) { throw error }
            if tally.current.jobsFailed > 0 {
                throw JobFailure("benchmark check failed: \(tally.current.jobsFailed) worker jobs failed")
            }
        }
    }

    /// Every case of every contender must have left `submitted`, or the figures mean nothing.
    private func checkAdvanced(_ ids: [UUID]) async throws {
        let left = try await pool.withConnection { connection in
            try await connection.query("""
                SELECT count(*)::int AS n FROM applications WHERE id = ANY(\(ids)::uuid[]) AND state <> 'awaiting_documents'
                """).first!.decode("n", as: Int.self)
        }
        guard left == 0 else { throw JobFailure("benchmark check failed: \(left) of \(ids.count) cases did not reach awaiting_documents") }
    }
}
