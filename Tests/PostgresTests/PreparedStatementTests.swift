import PermitTestSupport
import Postgres
import Testing

@Suite("Prepared statements are cached per connection and prepared again when they no longer fit")
struct PreparedStatementTests {
    @Test func aStatementIsPreparedOnceAndRunByNameAfterwards() async throws {
        try await withConnection("prepared_once") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE permits (id int PRIMARY KEY, holder text)")
            for id in 1...5 {
                try await connection.query("INSERT INTO permits VALUES (\(id), \("holder \(id)"))")
            }
            let count = await connection.preparedStatementCount
            #expect(count == 1)
            let holders = try await connection.query("SELECT holder FROM permits WHERE id = \(3)").map { try $0.decode("holder", as: String.self) }
            #expect(holders == ["holder 3"])
            #expect(await connection.preparedStatementCount == 2)
            let names = try await connection.query("SELECT name, statement FROM pg_prepared_statements ORDER BY name")
            #expect(names.contains { $0["statement"]?.hasPrefix("INSERT INTO permits") == true })
        }
    }

    @Test func aChangedResultTypeIsPreparedAgainOutsideATransactionAndRefusedInsideOne() async throws {
        try await withConnection("prepared_result_type") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE permits (id int PRIMARY KEY); INSERT INTO permits VALUES (1)")
            let select: PostgresQuery = "SELECT * FROM permits WHERE id = \(1)"
            #expect(try await connection.query(select)[0].columns == ["id"])
            try await connection.execute(simpleSQL: "ALTER TABLE permits ADD COLUMN holder text DEFAULT 'Chen Jie'")

            // Outside a transaction nothing was done yet: the statement is prepared again and run once more.
            let row = try await connection.query(select)[0]
            #expect(row.columns == ["id", "holder"])
            #expect(row["holder"] == "Chen Jie")

            // Inside a transaction the failed statement aborted it: the error is reported and the transaction rolled back,
            // and the next use prepares the statement anew.
            try await connection.execute(simpleSQL: "ALTER TABLE permits ADD COLUMN office text DEFAULT 'shenzhen'")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.transaction { transaction in
                    try await transaction.query("INSERT INTO permits (id) VALUES (\(2))")
                    return try await transaction.query(select).count
                }
            }
            #expect(error.sqlState == SQLState.featureNotSupported)
            #expect(error.message.contains("cached plan must not change result type"))
            #expect(try await connection.query("SELECT count(*)::int AS n FROM permits")[0].decode("n", as: Int.self) == 1)
            let inside = try await connection.transaction { transaction in try await transaction.query(select)[0] }
            #expect(inside.columns == ["id", "holder", "office"])
        }
    }

    @Test func statementsDeallocatedBehindTheCachesBackArePreparedAgain() async throws {
        try await withConnection("prepared_deallocated") { connection, _ in
            let query: PostgresQuery = "SELECT \(7)::int + 1 AS eight"
            #expect(try await connection.query(query)[0].decode("eight", as: Int.self) == 8)
            // Sent as a prepared statement itself, so the cache does not see it coming.
            try await connection.query("DEALLOCATE ALL")
            #expect(try await connection.query(query)[0].decode("eight", as: Int.self) == 8)
            let held = try await connection.query("SELECT statement FROM pg_prepared_statements").compactMap { $0["statement"] }
            #expect(held.contains(query.sql))
        }
    }

    @Test func aReplacedConnectionStartsWithAnEmptyCache() async throws {
        let database = try await TestDatabase.create("prepared_reconnect")
        let pool = PostgresPool(configuration: database.configuration, maxConnections: 1, logger: testLogger)
        let query: PostgresQuery = "SELECT pg_backend_pid() AS pid, \(5)::int AS five"
        let first = try await pool.withConnection { connection in
            (try await connection.query(query)[0].decode("pid", as: Int32.self), connection.preparedStatementCount)
        }
        #expect(first.1 == 1)
        // The server ends the session: the pool's next borrower gets a fresh connection, which prepares again.
        let killer = try await PostgresConnection.connect(database.configuration, logger: testLogger)
        try await killer.query("SELECT pg_terminate_backend(\(first.0))")
        await killer.close()
        try await Task.sleep(for: .milliseconds(200))
        let second = try await pool.withConnection { connection in
            (try await connection.query(query)[0].decode("pid", as: Int32.self), connection.preparedStatementCount,
             try await connection.query("SELECT count(*)::int AS n FROM pg_prepared_statements")[0].decode("n", as: Int.self))
        }
        #expect(second.0 != first.0)
        #expect(second.1 == 1)
        #expect(second.2 == 2)
        await pool.close()
        await database.drop()
    }
}
