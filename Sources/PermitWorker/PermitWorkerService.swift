import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres
import ServiceLifecycle

/// The long-running worker as a swift-service-lifecycle `Service`: lanes that claim and run jobs, woken by
/// NOTIFY on `permit_jobs` and by a poll timer, a heartbeat, and the daily sweep. On graceful shutdown it stops
/// claiming, finishes the job each lane is running, gives back the jobs it has not started, and returns.
public struct PermitWorkerService: Service {
    /// The channel the jobs table's trigger notifies (once per statement that queues jobs).
    public static let channel = "permit_jobs"

    private let configuration: PostgresConfiguration
    private let settings: WorkerSettings
    private let metrics: WorkerMetrics
    private let gauges: OfficeGauges?
    private let logger: Logger

    /// Creates the worker; nothing connects until `run()`. `metrics` counts jobs and sweeps (the bootstrapped metrics
    /// factory by default); `gauges`, when given, are the office's gauges, sampled every `settings.gaugeSeconds`.
    public init(configuration: PostgresConfiguration, settings: WorkerSettings, metrics: WorkerMetrics = WorkerMetrics(),
                gauges: OfficeGauges? = nil, logger: Logger) {
        self.configuration = configuration
        self.settings = settings
        self.metrics = metrics
        self.gauges = gauges
        self.logger = logger
    }

    /// Runs until graceful shutdown (or cancellation).
    public func run() async throws {
        // A long sweep never keeps the heartbeat waiting for a connection while leases run out.
        // One connection per lane, one for each daily sweep running at once, one for the heartbeat, one for the gauges.
        let pool = PostgresPool(configuration: configuration, maxConnections: settings.concurrency + DailySweep.concurrent.count + 2,
                                logger: logger)
        let metrics = self.metrics
        metrics.registerKnownKinds()
        let listener = PostgresListener(configuration: configuration, channels: [Self.channel], logger: logger,
                                        onReconnect: { metrics.listenerReconnected() })
        let wake = WakeSignal()
        let stop = StopFlag()
        let cases = CaseRepository(pool: pool, logger: logger)
        let lanes = JobLanes.make(pool: pool, cases: cases, settings: settings, tally: RunTally(), metrics: metrics,
                                  wake: wake, stop: stop, logger: logger)
        logger.info("worker started", metadata: ["worker": "\(settings.workerID)", "concurrency": "\(settings.concurrency)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await listen(listener, wake: wake, stop: stop) }
                group.addTask { await sweepDaily(pool: pool, cases: cases, stop: stop) }
                if let gauges {
                    group.addTask { await gauges.sampleRepeatedly(every: settings.gaugeSeconds, pool: pool, logger: logger) }
                }
                await lanes.serve()
                listener.stop()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            stop.raise()
            wake.signal()
        }
        listener.stop()
        await pool.close()
        logger.info("worker stopped", metadata: ["worker": "\(settings.workerID)"])
    }

    /// Wakes the lanes on every notification; keeps trying to connect while the database is away (polling covers it).
    private func listen(_ listener: PostgresListener, wake: WakeSignal, stop: StopFlag) async {
        while !stop.isRaised && !Task.isCancelled {
            do {
                try await listener.start()
                break
            } catch {
                logger.warning("cannot LISTEN yet; polling meanwhile", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(Int(settings.pollSeconds * 1000)))
            }
        }
        for await _ in listener.notifications {
            wake.signal()
        }
    }

    /// Runs the daily sweep when the policy day changes (and at start); the sweep_runs row makes it once per day.
    /// From 1 December it also warns, once a day, when next year's working-day calendar is not loaded.
    private func sweepDaily(pool: PostgresPool, cases: CaseRepository, stop: StopFlag) async {
        var lastSwept: CivilDate?
        while !stop.isRaised && !Task.isCancelled {
            do {
                let now = Date()
                let zone = try await pool.withConnection { connection in try await cases.policyTimeZone(on: connection) }
                let today = CivilDate.today(in: zone, now: now)
                if lastSwept != today {
                    _ = try await DailySweep.runIfDue(day: today, at: nil, pool: pool, metrics: metrics, logger: logger)
                    try await CalendarWarning.log(on: today, cases: cases, pool: pool, logger: logger)
                    lastSwept = today
                }
            } catch {
                logger.warning("daily sweep check failed; trying again later", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(30))
        }
    }
}
