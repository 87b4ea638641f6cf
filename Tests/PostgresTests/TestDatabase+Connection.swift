import Logging
import PermitTestSupport
import Postgres

/// A quiet logger for tests that do not inspect logs.
let testLogger: Logger = {
    var logger = Logger(label: "postgres-tests")
    logger.logLevel = .critical
    return logger
}()

/// Creates a fresh database for `suite`, opens one connection to it, runs `body`, then closes and drops.
func withConnection<T: Sendable>(
    _ suite: String,
    _ body: (PostgresConnection, TestDatabase) async throws -> T
) async throws -> T {
    let database = try await TestDatabase.create(suite)
    let connection = try await PostgresConnection.connect(database.configuration, logger: testLogger)
    do {
        let value = try await body(connection, database)
        await connection.close()
        await database.drop()
        return value
    } catch {
        await connection.close()
        await database.drop()
        throw error
    }
}

/// Waits for the next element of `stream`, or nil after `seconds`.
func next<Element: Sendable>(of stream: AsyncStream<Element>, within seconds: Double) async -> Element? {
    await withTaskGroup(of: Element?.self) { group in
        group.addTask {
            var iterator = stream.makeAsyncIterator()
            return await iterator.next()
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
