import Foundation
import Logging
import Postgres

/// The Swift layer against pgbench on identical SQL (`IdenticalSQL.script`), in alternating rounds at each
/// connection count.
struct IdenticalSQLRounds {
    let pool: PostgresPool
    let bench: BenchmarkCases
    let configuration: PostgresConfiguration
    let logger: Logger

    /// Runs `rounds` rounds of `perRound` transactions per contender at each of `connectionCounts`; nil when pgbench
    /// is not on PATH.
    func run(pgbench: URL, connectionCounts: [Int], rounds: Int, perRound: Int,
             progress: @Sendable (String) -> Void) async throws -> [IdenticalSQLFigures] {
        let sizes = connectionCounts.map { perRound / $0 * $0 }
        let total = sizes.reduce(0) { $0 + 2 * rounds * $1 }
        progress("identical SQL: creating \(total) cases for the Swift layer and pgbench")
        let ids = try await bench.clone(count: total, batch: "D")
        try await pool.withConnection { connection in
            // No worker may take these cases' jobs: the contenders write them by hand.
            try await connection.query("UPDATE jobs SET due_at = '2100-01-01' WHERE case_id = ANY(\(ids)::uuid[]) AND state = 'queued'")
            try await IdenticalSQL.fillQueue(ids, on: connection)
            try await connection.execute(simpleSQL: "ANALYZE")
        }
        var all: [IdenticalSQLFigures] = []
        for (connections, size) in zip(connectionCounts, sizes) {
            var swift: [Double] = [], pg: [Double] = [], ratios: [Double] = []
            var swiftUsage = ProcessUsage(cpuSeconds: 0, contextSwitches: 0), pgUsage = swiftUsage
            for round in 0..<rounds {
                progress("identical SQL, \(connections) connection(s): round \(round + 1) of \(rounds)")
                var swiftRun: IdenticalSQL.Run?
                var pgRun: IdenticalSQL.Run?
                // The order turns each round, so neither always follows the other.
                for turn in (round % 2 == 0 ? [0, 1] : [1, 0]) {
                    if turn == 0 {
                        swiftRun = try await IdenticalSQL.runSwift(transactions: size, connections: connections,
                                                                    configuration: configuration, logger: logger)
                    } else {
                        pgRun = try await IdenticalSQL.runPgbench(pgbench, transactions: size, connections: connections,
                                                                  configuration: configuration)
                    }
                }
                guard let swiftRun, let pgRun else { continue }
                swift.append(swiftRun.transactionsPerSecond)
                pg.append(pgRun.transactionsPerSecond)
                ratios.append(swiftRun.transactionsPerSecond / pgRun.transactionsPerSecond)
                swiftUsage = ProcessUsage(cpuSeconds: swiftUsage.cpuSeconds + swiftRun.cpuSeconds,
                                          contextSwitches: swiftUsage.contextSwitches + swiftRun.contextSwitches)
                pgUsage = ProcessUsage(cpuSeconds: pgUsage.cpuSeconds + pgRun.cpuSeconds,
                                       contextSwitches: pgUsage.contextSwitches + pgRun.contextSwitches)
            }
            let statements = Double(rounds * size * IdenticalSQL.statementsPerTransaction)
            all.append(IdenticalSQLFigures(
                connections: connections, transactions: rounds * size, swiftTransactionsPerSecond: swift.median,
                pgbenchTransactionsPerSecond: pg.median, ratio: ratios.median, roundRatios: ratios,
                swiftClientMicrosecondsPerStatement: swiftUsage.cpuSeconds / statements * 1e6,
                pgbenchClientMicrosecondsPerStatement: pgUsage.cpuSeconds / statements * 1e6,
                swiftContextSwitchesPerStatement: Double(swiftUsage.contextSwitches) / statements,
                pgbenchContextSwitchesPerStatement: Double(pgUsage.contextSwitches) / statements))
        }
        let left = try await pool.withConnection { connection in
            try await connection.query("""
                SELECT count(*)::int AS n FROM applications WHERE id = ANY(\(ids)::uuid[]) AND state <> 'awaiting_documents'
                """)[0].decode("n", as: Int.self)
        }
        guard left == 0 else { throw JobFailure("benchmark check failed: \(left) of \(ids.count) identical-SQL cases were not screened") }
        return all
    }
}

/// The Swift layer beside pgbench on the same statements at one connection count.
public struct IdenticalSQLFigures: Sendable, Codable, Equatable {
    /// Connections each contender used.
    public var connections: Int
    /// Transactions each contender ran, over all rounds.
    public var transactions: Int
    /// Transactions per second through the Swift layer, median over rounds.
    public var swiftTransactionsPerSecond: Double
    /// Transactions per second by `pgbench -M prepared`, median over rounds.
    public var pgbenchTransactionsPerSecond: Double
    /// Swift ÷ pgbench: the median of the rounds' ratios.
    public var ratio: Double
    /// Swift ÷ pgbench in each round.
    public var roundRatios: [Double]
    /// Client CPU (user + system) per statement of the Swift layer, BEGIN and END counted as statements.
    public var swiftClientMicrosecondsPerStatement: Double
    /// Client CPU per statement of pgbench.
    public var pgbenchClientMicrosecondsPerStatement: Double
    /// Context switches of the client per statement, Swift.
    public var swiftContextSwitchesPerStatement: Double
    /// Context switches of the client per statement, pgbench.
    public var pgbenchContextSwitchesPerStatement: Double
}
