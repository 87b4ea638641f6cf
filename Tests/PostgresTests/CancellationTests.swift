import Foundation
import PermitTestSupport
import Postgres
import Testing

@Suite("Task cancellation reaches the server and the pool")
struct CancellationTests {
    @Test func cancellingTheTaskCancelsTheRunningStatement() async throws {
        try await withConnection("cancel_query") { connection, _ in
            let sleeper = Task {
                try await connection.query("SELECT pg_sleep(60)")
            }
            try await Task.sleep(for: .milliseconds(200))
            sleeper.cancel()
            let outcome = await sleeper.result
            let error = try #require(throws: PostgresError.self) { try outcome.get() }
            #expect(error.sqlState == SQLState.queryCanceled)
            #expect(await !connection.isBroken)
            #expect(try await connection.query("SELECT 3 AS three")[0].decode("three", as: Int.self) == 3)
        }
    }

    @Test func alreadyCancelledTaskDoesNotStartAStatement() async throws {
        try await withConnection("cancel_before") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE marks (n int)")
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await connection.query("INSERT INTO marks VALUES (\(1))")
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await connection.query("SELECT n FROM marks").isEmpty)
        }
    }

    @Test func cancelledBorrowerStopsWaitingForAConnection() async throws {
        let database = try await TestDatabase.create("cancel_pool")
        let pool = PostgresPool(configuration: database.configuration, maxConnections: 1, logger: testLogger)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let (held, heldContinuation) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await pool.withConnection { _ in
                heldContinuation.yield()
                for await _ in release { break }
                return 1
            }
        }
        for await _ in held { break }
        let waiter = Task { try await pool.withConnection { _ in 2 } }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        releaseContinuation.yield()
        #expect(try await holder.value == 1)
        #expect(try await pool.withConnection { try await $0.query("SELECT 4 AS four")[0].decode("four", as: Int.self) } == 4)
        #expect(await pool.openConnectionCount == 1)
        await pool.close()
        await database.drop()
    }
}
