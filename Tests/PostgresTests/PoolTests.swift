import Foundation
import PermitTestSupport
import Synchronization
import Testing
@testable import Postgres

@Suite("PostgresPool lends each connection to one task at a time")
struct PoolTests {
    /// Which backends are lent right now, and the most seen at once.
    final class LendingLedger: Sendable {
        private struct State { var busy: Set<Int32> = []; var peak = 0; var doubleLends = 0; var seen: Set<Int32> = [] }
        private let state = Mutex(State())

        func begin(_ pid: Int32) {
            state.withLock { state in
                if !state.busy.insert(pid).inserted { state.doubleLends += 1 }
                state.seen.insert(pid)
                state.peak = max(state.peak, state.busy.count)
            }
        }

        func end(_ pid: Int32) {
            _ = state.withLock { $0.busy.remove(pid) }
        }

        var peak: Int { state.withLock { $0.peak } }
        var doubleLends: Int { state.withLock { $0.doubleLends } }
        var distinct: Int { state.withLock { $0.seen.count } }
    }

    @Test func fiftyConcurrentBorrowersNeverShareAConnection() async throws {
        let database = try await TestDatabase.create("pool")
        let pool = PostgresPool(configuration: database.configuration, maxConnections: 3, logger: testLogger)
        let ledger = LendingLedger()
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await pool.withConnection { connection in
                        let local = connection.backendProcessID
                        ledger.begin(local)
                        defer { ledger.end(local) }
                        let row = try await connection.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.01)::text AS slept")[0]
                        let pid = try row.decode("pid", as: Int32.self)
                        #expect(pid == local)
                        return pid
                    }
                }
            }
            var answered = 0
            for try await _ in group { answered += 1 }
            #expect(answered == 50)
        }
        #expect(ledger.doubleLends == 0)
        #expect(ledger.peak <= 3)
        #expect(ledger.peak >= 2, "the pool should run borrowers in parallel")
        #expect(ledger.distinct <= 3)
        #expect(await pool.openConnectionCount <= 3)
        await pool.close()
        await #expect(throws: PostgresError.self) { try await pool.withConnection { _ in 1 } }
        await database.drop()
    }

    @Test func lostConnectionIsRetriedOnceOnAFreshOne() async throws {
        let database = try await TestDatabase.create("pool_retry")
        let pool = PostgresPool(configuration: database.configuration, maxConnections: 2, logger: testLogger)
        let attempts = Atomic<Int>(0)
        let pids = Mutex<[Int32]>([])
        let pid = try await pool.withConnection { connection in
            let attempt = attempts.add(1, ordering: .relaxed).newValue
            let pid = connection.backendProcessID
            pids.withLock { $0.append(pid) }
            if attempt == 1 {
                try await connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
            }
            return pid
        }
        #expect(attempts.load(ordering: .relaxed) == 2)
        #expect(pids.withLock { $0 } .count == 2)
        #expect(pids.withLock { $0.first } != pid)

        let otherAttempts = Atomic<Int>(0)
        await #expect(throws: PostgresError.self) {
            try await pool.withConnection { connection in
                otherAttempts.add(1, ordering: .relaxed)
                try await connection.query("SELECT 1 / 0")
            }
        }
        #expect(otherAttempts.load(ordering: .relaxed) == 1, "ordinary errors are not retried")
        #expect(try await pool.withConnection { try await $0.query("SELECT 1 AS one")[0].decode("one", as: Int.self) } == 1)
        await pool.close()
        await database.drop()
    }

    @Test func connectionLeftInsideATransactionIsNotReused() async throws {
        let database = try await TestDatabase.create("pool_tx")
        let pool = PostgresPool(configuration: database.configuration, maxConnections: 1, logger: testLogger)
        let first = try await pool.withConnection { connection in
            try await connection.execute(simpleSQL: "BEGIN")
            return connection.backendProcessID
        }
        let second = try await pool.withConnection { connection in
            let pid = connection.backendProcessID
            // SAVEPOINT is refused (25P01) outside a transaction block, so this proves no transaction was left open.
            await #expect(throws: PostgresError.self) { try await connection.execute(simpleSQL: "SAVEPOINT probe") }
            return pid
        }
        #expect(second != first)
        let counted = try await pool.withTransaction { connection in
            try await connection.query("SELECT 1 AS one").count
        }
        #expect(counted == 1)
        await pool.close()
        await database.drop()
    }
}
