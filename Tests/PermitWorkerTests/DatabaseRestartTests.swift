import Foundation
import Glibc
import Logging
import PermitCore
import PermitStore
import PermitTestSupport
@testable import PermitWorker
import Postgres
import Testing

/// The worker on a private cluster that is restarted while it works.
@Suite("Worker survives a PostgreSQL restart")
struct DatabaseRestartTests {
    @Test func theWorkerCarriesOnByItselfAfterTheServerRestarts() async throws {
        let directory = URL(fileURLWithPath: "/tmp/permitflow-worker-restart-\(getpid())-\(Int.random(in: 1000...9999))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0 { _ = chown(directory.path, postgresUID(), postgresGID()) }
        let cluster = LocalCluster(directory: directory, port: Int.random(in: 20_000...40_000), durability: .fastTestsOnly)
        var logger = Logger(label: "test.worker_restart")
        logger.logLevel = .critical
        let configuration = try await cluster.ensureRunning(database: "permit_restart", logger: logger)
        let root = TestDatabase.repositoryRoot
        try await Migrator(configuration: configuration, migrations: try MigrationFiles.load(from: root.appendingPathComponent("migrations")),
                           logger: logger).migrate()
        let pool = PostgresPool(configuration: configuration, maxConnections: 3, logger: logger)
        _ = try await SeedLoader.load(from: root.appendingPathComponent("seeds"), pool: pool, logger: logger)
        _ = try await DatabasePurpose.record(.training, note: "the cases were submitted on 2 March 2026", pool: pool)
        let bench = try await BenchmarkCases.prepare(pool: pool, logger: logger)
        let total = 300
        _ = try await bench.clone(count: total, batch: "A")

        let worker = PermitWorkerService(configuration: configuration,
                                         settings: WorkerSettings(concurrency: 2, pollSeconds: 0.2, leaseSeconds: 3, heartbeatSeconds: 0.5,
                                                                  workerID: "restart"),
                                         logger: logger)
        let running = Task { try await worker.run() }
        func escalated() async throws -> Int {
            try await pool.withConnection { connection in
                try await connection.query("SELECT count(*)::int AS n FROM applications WHERE state = 'escalated'").first!.decode("n", as: Int.self)
            }
        }
        let progressed = try await eventually(seconds: 60) { try await escalated() >= 10 }
        #expect(progressed)
        #expect(try await escalated() < total, "the worker finished before the restart; nothing was tested")
        try await cluster.restartOffPool()
        let finished = try await eventually(seconds: 120) { ((try? await escalated()) ?? 0) == total }
        let reached = (try? await escalated()) ?? -1
        #expect(finished, "escalated: \(reached) of \(total)")
        let duplicates = try await pool.withConnection { connection in
            try await connection.query("""
                SELECT count(*)::int AS n FROM (SELECT case_id, event FROM case_transitions GROUP BY case_id, event HAVING count(*) > 1) AS d
                """).first!.decode("n", as: Int.self)
        }
        #expect(duplicates == 0)
        running.cancel()
        _ = try? await running.value
        await pool.close()
        try? await cluster.stopOffPool(mode: "immediate")
        try? FileManager.default.removeItem(at: directory)
    }

    private func postgresUID() -> uid_t { getpwnam("postgres")?.pointee.pw_uid ?? 0 }
    private func postgresGID() -> gid_t { getpwnam("postgres")?.pointee.pw_gid ?? 0 }
}
