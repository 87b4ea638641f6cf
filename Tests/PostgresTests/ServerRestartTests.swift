import Foundation
import PermitTestSupport
import Testing
@testable import Postgres

@Suite("Recovery after the server restarts (private cluster)")
struct ServerRestartTests {
    @Test func poolAndListenerRecoverAfterRestart() async throws {
        let directory = URL(fileURLWithPath: "/tmp/permitflow-pg-restart-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let cluster = LocalCluster(directory: directory, port: 5433, durability: .fastTestsOnly)
        defer {
            try? cluster.stop(mode: "immediate")
            try? FileManager.default.removeItem(at: directory)
        }
        let configuration = try await cluster.ensureRunning(database: "permitflow", logger: testLogger)
        #expect(cluster.isRunning)
        #expect(configuration.description.contains(directory.path))

        let pool = PostgresPool(configuration: configuration, maxConnections: 2, logger: testLogger)
        let before = try await pool.withConnection { try await $0.query("SELECT current_database() AS db")[0]["db"] }
        #expect(before == "permitflow")
        let listener = PostgresListener(configuration: configuration, channels: ["after_restart"], logger: testLogger)
        try await listener.start()
        defer { listener.stop() }

        try await cluster.restartOffPool()
        #expect(cluster.isRunning)

        let after = try await pool.withConnection { try await $0.query("SELECT 41 + 1 AS answer")[0].decode("answer", as: Int.self) }
        #expect(after == 42)

        // Notifications sent while the listener is reconnecting are lost, so keep sending until one arrives.
        let received = try await withThrowingTaskGroup(of: PostgresNotification?.self) { group in
            group.addTask {
                var iterator = listener.notifications.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                for attempt in 0..<150 {
                    try await pool.withConnection { try await $0.notify(channel: "after_restart", payload: "attempt \(attempt)") }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(received?.channel == "after_restart")
        #expect(listener.reconnectCount >= 1)
        await pool.close()
    }

    @Test func ensureRunningIsSafeFromConcurrentCallersAndCreatesTheDatabaseOnce() async throws {
        let directory = URL(fileURLWithPath: "/tmp/permitflow-pg-concurrent-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let cluster = LocalCluster(directory: directory, durability: .fastTestsOnly)
        defer {
            try? cluster.stop(mode: "immediate")
            try? FileManager.default.removeItem(at: directory)
        }
        #expect(!cluster.isRunning)
        let configurations = try await withThrowingTaskGroup(of: PostgresConfiguration.self) { group in
            for _ in 0..<4 {
                group.addTask { try await cluster.ensureRunning(database: "shared_db", logger: testLogger) }
            }
            var all: [PostgresConfiguration] = []
            for try await configuration in group { all.append(configuration) }
            return all
        }
        #expect(configurations.count == 4)
        let connection = try await PostgresConnection.connect(configurations[0], logger: testLogger)
        let settings = try await connection.query("SELECT current_setting('fsync') AS fsync, current_setting('TimeZone') AS zone")[0]
        #expect(settings["fsync"] == "off")
        #expect(settings["zone"] == "UTC")
        await connection.close()
        await #expect(throws: LocalClusterError.self) { try await cluster.createDatabase("Bad-Name", logger: testLogger) }
        try await cluster.createDatabase("copy_of_shared", template: "shared_db", logger: testLogger)
        try await cluster.dropDatabase("copy_of_shared", logger: testLogger)
        try await cluster.dropDatabase("copy_of_shared", logger: testLogger)
        try await cluster.stopOffPool()
        #expect(!cluster.isRunning)
    }
}
