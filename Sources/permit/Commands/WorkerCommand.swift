import ArgumentParser
import Foundation
import PermitCore
import PermitStore
import PermitWorker
import Postgres
import ServiceLifecycle

/// `permit worker`: runs background jobs (screening, deadlines, straight-through decisions, issue) and daily sweeps.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the background worker: claim due jobs, advance cases, run the daily sweeps (operators).",
        discussion: """
            Jobs are claimed with FOR UPDATE SKIP LOCKED under a lease kept alive by a heartbeat; a dead worker's jobs \
            are taken over within lease + poll seconds (22 s by default) of its last heartbeat, and its late completions \
            are refused (fencing token). Several workers, on one machine or many, share the queue safely. The worker \
            wakes on NOTIFY permit_jobs and also polls, so a lost notification only delays work. The daily sweeps \
            (expiry, void, renewal reminders, Hetao revocation reviews) run once per day across all workers. \
            SIGTERM or SIGINT: stop claiming, finish the running jobs, give back unstarted ones, exit 0.

            --once runs everything due now (again while handlers queue follow-ups due now), then the daily sweep, \
            and exits. --once --as-of YYYY-MM-DD (or PERMIT_NOW) acts as at the END of that day in the policy time \
            zone (Asia/Shanghai, 23:59:59 local), --as-of YYYY-MM-DDTHH:MM at that minute: jobs due by then run with \
            that instant as "now", and the sweep runs for that day. A chosen instant is refused (exit 1) unless the \
            database's purpose is training or what_if (see `permit database purpose`). From 1 December the worker \
            warns once a day when next year's working-day calendar is not loaded.

            Examples:
              permit worker --concurrency 4
              permit worker --metrics-port 9464          # Prometheus scrapes http://127.0.0.1:9464/metrics
              permit worker --once
              permit worker --once --as-of 2026-03-20 --json
            """
    )

    @Option(help: "Jobs run at once (one database connection each).")
    var concurrency = 2

    @Flag(help: "Run everything due now, then the daily sweep, and exit.")
    var once = false

    @OptionGroup var clock: ClockOptions

    @Option(help: "Seconds between polls when no notification arrives.")
    var pollSeconds = 2.0

    @Option(help: "Seconds a claim holds a job without a heartbeat before another worker takes it over.")
    var leaseSeconds = 20

    @Option(help: "Seconds between heartbeats.")
    var heartbeatSeconds = 5.0

    @Option(help: "This worker's name in the jobs table (default host:pid).")
    var workerID: String?

    @Option(help: "Seconds between samples of the office gauges (cases by state, queue depth) for --metrics-port.")
    var gaugeSeconds = 15.0

    @OptionGroup var metrics: MetricsOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if once && metrics.metricsPort != nil {
            throw ValidationError("--metrics-port serves a long-running worker: leave it out with --once")
        }
        guard gaugeSeconds > 0 else { throw ValidationError("--gauge-seconds must be positive") }
        guard concurrency >= 1 && concurrency <= 64 else {
            throw ValidationError("--concurrency must be between 1 and 64 (got \(concurrency))")
        }
        if try ChosenTime.resolve(clock.asOf).isChosen, !once {
            throw ValidationError(clock.asOf == nil ? "PERMIT_NOW needs --once: the long-running worker acts at the real time"
                                                    : "--as-of needs --once: the long-running worker acts at the real time")
        }
        guard leaseSeconds >= 2, heartbeatSeconds > 0, Double(leaseSeconds) > heartbeatSeconds else {
            throw ValidationError("--lease-seconds must be at least 2 and longer than --heartbeat-seconds")
        }
        guard pollSeconds > 0 else { throw ValidationError("--poll-seconds must be positive") }
    }

    private var settings: WorkerSettings {
        WorkerSettings(concurrency: concurrency, pollSeconds: pollSeconds, leaseSeconds: leaseSeconds,
                       heartbeatSeconds: heartbeatSeconds, workerID: workerID ?? WorkerSettings.defaultWorkerID,
                       gaugeSeconds: gaugeSeconds)
    }

    func run() async throws {
        try await CommandContext.run(database, .worker, label: "worker") { context in
            if once {
                let summary = try await context.withPool(maxConnections: concurrency + 2) { pool in
                    let time = try await clock.acting(on: pool)
                    return try await WorkerRun.once(pool: pool, asOf: time.isChosen ? time.instant : nil, settings: settings,
                                                    logger: context.logger)
                }
                try report(summary)
                return
            }
            let (factory, endpoint) = metrics.bootstrap(logger: context.logger)
            let worker = PermitWorkerService(configuration: context.configuration, settings: settings,
                                             metrics: WorkerMetrics(factory: factory),
                                             gauges: endpoint == nil ? nil : OfficeGauges(factory: factory),
                                             logger: context.logger)
            let services: [any Service] = [worker] + (endpoint.map { [$0] } ?? [])
            try await ServiceGroup.permit(services, logger: context.logger).run()
        }
    }

    private func report(_ summary: WorkerRunSummary) throws {
        if output.json {
            try JSONOutput.print(summary)
            return
        }
        print("jobs completed: \(summary.jobsCompleted), failed attempts: \(summary.jobsFailed), postponed: \(summary.jobsPostponed)")
        if summary.sweeps.isEmpty {
            print("daily sweep: already done for this day")
        }
        for sweep in summary.sweeps {
            print("daily sweep \(sweep.day): \(sweep.expired) expired, \(sweep.voided) void, \(sweep.reminders) reminders, "
                  + "\(sweep.revocationReviews) revocation reviews")
        }
    }
}
