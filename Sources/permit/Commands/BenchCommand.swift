import ArgumentParser
import Foundation
import PermitWorker

/// `permit bench`: worker throughput beside hand-written SQL, and bulk sweep speed.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure worker throughput and sweep speed in a scratch database (operators).",
        discussion: """
            Creates the scratch database permitflow_bench on the configured server (the embedded cluster by default, \
            or DATABASE_URL), migrates and seeds it, and drops it at the end (unless --keep).

            Screening: three batches of N submitted research cases are made first, and screened in --rounds rounds \
            (each times the three contenders one after the other on fresh cases; figures are medians over rounds). One is screened by hand-written \
            SQL issuing the statements the case door issues (a case read and a facts read, two updates, two history \
            rows with the history check between them, completeness check cancelled, lapse check queued, job done), one transaction per case over \
            --concurrency connections; one by the minimal hand-written writes; one by the real worker path (batch \
            claims under a lease, fenced transactions, PermitCore through the case door) with --concurrency lanes.

            Sweeps: in each of --sweep-rounds rounds, --endorsements active endorsements (each on its own issued \
            case) are loaded and vacuumed for a day of their own, then swept as a worker's daily sweep does, expiry \
            and reminders at once (half expire, half get a renewal reminder recorded in their case's history). Prints cases/s, the ratios, client CPU per case, and \
            endorsements/s. Last, 200 notifications are timed from pg_notify to a \
            waiting listener.

            Identical SQL: when pgbench is on PATH, the minimal screening change as one script of statements is run by the \
            Swift layer and by `pgbench -M prepared`, in alternating rounds at each of --pgbench-connections, with client CPU \
            and context switches per statement (a line says so when pgbench is missing).

            Scale (--scale N): N cases are loaded with COPY and `case list` (default, --state, --assigned-to, --overdue) \
            and `case show` run --scale-samples times each; prints p50 and p99 latency. --scale-only skips everything else.

            Examples:
              permit bench
              permit bench --cases 5000 --concurrency 4 --json
              permit bench --scale 1000000 --scale-only
            """
    )

    @Option(help: "Cases each contender screens, over all rounds.")
    var cases = 2000

    @Option(help: "Rounds: each times the three screening contenders one after the other on fresh cases.")
    var rounds = 5

    @Option(help: "Lanes (connections) for both the worker and the direct statements.")
    var concurrency = 2

    @Option(help: "Endorsements in each sweep round.")
    var endorsements = 100_000

    @Option(help: "Sweep rounds: each loads --endorsements endorsements for a day of its own and sweeps them.")
    var sweepRounds = 3

    @Option(help: "Connection counts for the Swift layer against pgbench on identical SQL (comma-separated; 0 skips it).")
    var pgbenchConnections = "1,2"

    @Option(help: "Cases to load for the scale measurements of case list and case show (0: none).")
    var scale = 0

    @Option(help: "Runs of each command measured at scale.")
    var scaleSamples = 200

    @Flag(help: "Only the scale measurements (needs --scale).")
    var scaleOnly = false

    @Flag(help: "Keep permitflow_bench afterwards (to inspect it); it is replaced on the next run.")
    var keep = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...1_000_000).contains(cases) else { throw ValidationError("--cases must be between 1 and 1000000") }
        guard (1...100).contains(rounds), rounds <= cases else { throw ValidationError("--rounds must be between 1 and 100, and at most --cases") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64") }
        guard (2...5_000_000).contains(endorsements) else { throw ValidationError("--endorsements must be between 2 and 5000000") }
        guard (1...20).contains(sweepRounds) else { throw ValidationError("--sweep-rounds must be between 1 and 20") }
        guard pgbenchCounts != nil else { throw ValidationError("--pgbench-connections must be numbers from 1 to 64, comma-separated, or 0") }
        guard (0...10_000_000).contains(scale) else { throw ValidationError("--scale must be between 0 and 10000000") }
        guard (1...100_000).contains(scaleSamples) else { throw ValidationError("--scale-samples must be between 1 and 100000") }
        guard !scaleOnly || scale > 0 else { throw ValidationError("--scale-only needs --scale N") }
    }

    /// The connection counts of --pgbench-connections; nil when malformed.
    private var pgbenchCounts: [Int]? {
        if pgbenchConnections == "0" { return [] }
        let counts = pgbenchConnections.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0.map { (1...64).contains($0) } ?? false }) else { return nil }
        return counts.compactMap { $0 }
    }

    func run() async throws {
        try await CommandContext.run(database, label: "bench") { context in
            let json = output.json
            let report = try await ThroughputBenchmark.run(
                server: context.configuration, migrations: try ProjectFolders.migrations(), seeds: try ProjectFolders.seeds(),
                cases: cases, rounds: rounds, concurrency: concurrency, endorsements: endorsements, sweepRounds: sweepRounds,
                parts: BenchmarkParts(identicalSQLConnections: pgbenchCounts ?? [], scale: scale, scaleSamples: scaleSamples,
                                      scaleOnly: scaleOnly),
                keepDatabase: keep, logger: context.logger,
                progress: { line in if !json { StandardError.write("bench: \(line)") } })
            if json {
                try JSONOutput.print(report)
                return
            }
            func figure(_ value: Double) -> String { String(format: "%.0f", value) }
            if !scaleOnly {
                let ratios = report.roundRatios.map { String(format: "%.0f%%", $0 * 100) }.joined(separator: " ")
                print("screening \(report.cases) cases per contender in \(report.rounds) rounds, concurrency \(report.concurrency) (medians over rounds):")
                print("  worker path:          \(figure(report.workerCasesPerSecond)) cases/s")
                print("  direct, the door's statements hand-written: \(figure(report.directCasesPerSecond)) cases/s")
                print("  ratio worker/direct:  \(String(format: "%.0f%%", report.ratio * 100)) (target >= 80%; rounds: \(ratios))")
                print("  client CPU per case:  worker \(figure(report.workerClientMicrosecondsPerCase)) µs, direct \(figure(report.directClientMicrosecondsPerCase)) µs")
                print("  direct, minimal writes only: \(figure(report.minimalCasesPerSecond)) cases/s; worker/minimal \(String(format: "%.0f%%", report.minimalRatio * 100))")
                let sweeps = report.sweepRoundRates.map(figure).joined(separator: " ")
                print("daily sweep over \(report.endorsements) endorsements, \(report.sweepRounds) rounds (each: half expire, half reminded):")
                print("  \(figure(report.sweepPerSecond)) endorsements/s, median (\(String(format: "%.2f", report.sweepSeconds)) s; target >= 20000/s; rounds: \(sweeps))")
                print("NOTIFY to a waiting listener, \(report.notifications) sent: median \(String(format: "%.2f", report.notifyMedianMilliseconds)) ms, "
                      + "slowest \(String(format: "%.2f", report.notifySlowestMilliseconds)) ms (target < 100 ms)")
            }
            if let skipped = report.identicalSqlSkipped {
                print("identical SQL against pgbench: skipped, \(skipped)")
            }
            for part in report.identicalSql {
                let ratios = part.roundRatios.map { String(format: "%.2f", $0) }.joined(separator: " ")
                print("identical SQL, \(part.connections) connection(s), \(part.transactions) transactions each (medians over rounds):")
                print("  Swift layer \(figure(part.swiftTransactionsPerSecond)) tx/s, pgbench -M prepared \(figure(part.pgbenchTransactionsPerSecond)) tx/s; "
                      + "Swift/pgbench \(String(format: "%.2f", part.ratio)) (target >= 0.8; rounds: \(ratios))")
                print("  client CPU per statement: Swift \(String(format: "%.1f", part.swiftClientMicrosecondsPerStatement)) µs, "
                      + "pgbench \(String(format: "%.1f", part.pgbenchClientMicrosecondsPerStatement)) µs; context switches per statement: "
                      + "Swift \(String(format: "%.2f", part.swiftContextSwitchesPerStatement)), pgbench \(String(format: "%.2f", part.pgbenchContextSwitchesPerStatement))")
            }
            if report.scale > 0 {
                print("at \(report.scale) cases (latency of the command's queries, client side):")
                for query in report.scaleQueries {
                    print("  \(query.command.padding(toLength: 24, withPad: " ", startingAt: 0)) p50 \(String(format: "%6.2f", query.p50Milliseconds)) ms, "
                          + "p99 \(String(format: "%6.2f", query.p99Milliseconds)) ms (\(query.samples) runs; target p99 < 20 ms)")
                }
            }
        }
    }
}
