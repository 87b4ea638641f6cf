import Foundation
import Logging
import PermitDashboard
import PermitStore
import PermitTestSupport
@testable import PermitWorker
import Postgres
import Prometheus
import Testing

/// The worker's metrics endpoint, scraped over HTTP while the worker runs: the counts move.
@Suite("Worker metrics")
struct WorkerMetricsTests {
    @Test func theMetricsEndpointShowsTheCountsMovingDuringAWorkerRun() async throws {
        let db = try await PermitDatabase.create("worker_metrics", maxConnections: 4, purpose: .training)
        var logger = Logger(label: "test.worker-metrics")
        logger.logLevel = .critical
        let bench = try await BenchmarkCases.prepare(pool: db.pool, logger: logger)
        let total = 150
        _ = try await bench.clone(count: total, batch: "M")
        // A job another worker held until its lease ran out: this worker takes it over.
        try await db.pool.withConnection { connection in
            _ = try await connection.query("""
                INSERT INTO jobs (kind, state, due_at, attempts, lease_token, leased_by, lease_expires_at)
                VALUES ('completeness_check', 'running', now() - interval '1 hour', 1, 1, 'gone:1', now() - interval '1 minute')
                """)
        }
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        let (ports, found) = AsyncStream.makeStream(of: Int.self)
        let endpoint = MetricsEndpoint(registry: registry, port: 0, logger: logger) { found.yield($0); found.finish() }
        let worker = PermitWorkerService(configuration: db.database.configuration,
                                         settings: WorkerSettings(concurrency: 2, pollSeconds: 0.2, workerID: "metrics", gaugeSeconds: 0.1),
                                         metrics: WorkerMetrics(factory: factory), gauges: OfficeGauges(factory: factory), logger: logger)
        let serving = Task { try await endpoint.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        func scrape() async throws -> String {
            let reply = try await HTTPReply.fetch(port: port, "/metrics")
            #expect(reply.status == 200)
            return reply.body
        }
        func sample(_ name: String, _ text: String) -> Double { PrometheusText.value(name, in: text) ?? 0 }
        let screened = "permit_jobs_completed_total{kind=\"screen\"}"
        let before = try await scrape()
        #expect(sample(screened, before) == 0)

        let running = Task { try await worker.run() }
        var seen: [Double] = []
        let done = try await eventually(seconds: 90) {
            let text = try await scrape()
            let value = sample(screened, text)
            if seen.last != value { seen.append(value) }
            return value >= Double(total)
        }
        #expect(done, "screen jobs completed, as scraped: \(seen)")
        #expect(seen.count >= 2, "the count moved while the worker ran: \(seen)")
        // Kill the listener's session: the worker reconnects, and says so.
        try await db.pool.withConnection { connection in
            _ = try await connection.query("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'
                """)
        }
        let reconnected = try await eventually(seconds: 20) {
            sample("permit_notify_reconnects_total", try await scrape()) >= 1
        }
        #expect(reconnected)
        // The gauges catch up with what the database holds.
        var lastSeen = ""
        let gaugesCaughtUp = try await eventually(seconds: 20) {
            let (byState, screenDone) = try await db.pool.withConnection { connection in
                (try await connection.query("SELECT state, count(*)::int AS n FROM applications GROUP BY state")
                    .map { (try $0.decode("state", as: String.self), try $0.decode("n", as: Int.self)) },
                 try await connection.query("SELECT count(*)::int AS n FROM jobs WHERE kind = 'screen' AND state = 'done'")
                    .first!.decode("n", as: Int.self))
            }
            let text = try await scrape()
            lastSeen = "db \(byState) \(screenDone), scraped \(text.split(separator: "\n").filter { $0.hasPrefix("permit_cases{") })"
            return byState.reduce(0) { $0 + $1.1 } > total
                && byState.allSatisfy { sample("permit_cases{state=\"\($0.0)\"}", text) == Double($0.1) }
                && sample("permit_queue_jobs{kind=\"screen\",state=\"done\"}", text) == Double(screenDone)
        }
        #expect(gaugesCaughtUp, "\(lastSeen)")
        let after = try await scrape()
        #expect(sample("permit_jobs_claimed_total{kind=\"screen\"}", after) >= Double(total))
        #expect(sample("permit_lease_takeovers_total", after) == 1)
        #expect(sample("permit_job_duration_seconds_count{kind=\"screen\"}", after) >= Double(total))
        #expect(sample("permit_sweeps_total{sweep=\"endorsement_expiry\"}", after) == 1)
        #expect(after.contains("permit_sweep_duration_seconds_bucket{sweep=\"endorsement_expiry\""))
        running.cancel()
        serving.cancel()
        _ = try? await running.value
        await db.close()
    }
}
