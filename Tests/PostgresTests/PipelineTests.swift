import Foundation
import PermitTestSupport
import Postgres
import Testing

@Suite("Pipelined flights and queued statements")
struct PipelineTests {
    private static let table = "CREATE TABLE permits (id int PRIMARY KEY, holder text NOT NULL)"

    private func ids(_ connection: PostgresConnection) async throws -> [Int] {
        try await connection.query("SELECT id FROM permits ORDER BY id").map { try $0.decode("id", as: Int.self) }
    }

    @Test func aFlightReturnsEveryResultInOrder() async throws {
        try await withConnection("pipeline_order") { connection, _ in
            try await connection.execute(simpleSQL: Self.table)
            let results = try await connection.pipeline([
                "INSERT INTO permits VALUES (\(1), \("Chen Jie"))",
                "INSERT INTO permits VALUES (\(2), \("Li Na")), (\(3), \("Wang Fang"))",
                "SELECT holder FROM permits WHERE id >= \(2) ORDER BY id",
                "SELECT holder FROM permits WHERE id = \(1)",
            ])
            #expect(results.map(\.affectedRows) == [1, 2, 2, 1])
            #expect(try results[2].map { try $0.decode("holder", as: String.self) } == ["Li Na", "Wang Fang"])
            #expect(results[3][0]["holder"] == "Chen Jie")
            // The same statements again run by name: nothing new is prepared.
            let prepared = await connection.preparedStatementCount
            _ = try await connection.pipeline(["SELECT holder FROM permits WHERE id = \(3)", "SELECT holder FROM permits WHERE id = \(1)"])
            #expect(await connection.preparedStatementCount == prepared)
        }
    }

    @Test func aFailingStatementMidFlightLeavesNothingOutsideATransaction() async throws {
        try await withConnection("pipeline_implicit") { connection, _ in
            try await connection.execute(simpleSQL: Self.table)
            let error = try await #require(throws: PostgresError.self) {
                try await connection.pipeline([
                    "INSERT INTO permits VALUES (\(1), \("Chen Jie"))",
                    "INSERT INTO permits VALUES (\(1), \("Li Na"))",
                    "INSERT INTO permits VALUES (\(3), \("Wang Fang"))",
                ])
            }
            #expect(error.isUniqueViolation)
            #expect(error.constraint == "permits_pkey")
            #expect(try await ids(connection).isEmpty)
            #expect(try await connection.pipeline(["INSERT INTO permits VALUES (\(4), \("Zhao Lei"))", "SELECT 1 AS one"]).count == 2)
            #expect(try await ids(connection) == [4])
        }
    }

    @Test func aFailingStatementMidFlightRollsTheTransactionBackWithItsOwnError() async throws {
        try await withConnection("pipeline_transaction") { connection, _ in
            try await connection.execute(simpleSQL: Self.table)
            let error = try await #require(throws: PostgresError.self) {
                try await connection.transaction { transaction in
                    try await transaction.query("INSERT INTO permits VALUES (\(1), \("Chen Jie"))")
                    return try await transaction.pipeline([
                        "INSERT INTO permits VALUES (\(2), \("Li Na"))",
                        "INSERT INTO permits VALUES (\(3), NULL)",
                        "INSERT INTO permits VALUES (\(4), \("Wang Fang"))",
                    ]).count
                }
            }
            #expect(error.sqlState == SQLState.notNullViolation)
            #expect(try await ids(connection).isEmpty)
            #expect(await connection.queuedStatementCount == 0)
        }
    }

    @Test func aBadStatementFailsWithItsParseErrorNotAsAborted() async throws {
        try await withConnection("pipeline_parse") { connection, _ in
            let error = try await #require(throws: PostgresError.self) {
                try await connection.pipeline(["SELECT 1 AS one", "SELEKT 2", "SELECT 3 AS three"])
            }
            #expect(error.sqlState == SQLState.syntaxError)
            #expect(try await connection.pipeline(["SELECT 1 AS one", "SELECT 3 AS three"]).count == 2)
        }
    }

    @Test func queuedStatementsGoWithTheNextStatementAndTheirChecksRunInOrder() async throws {
        try await withConnection("pipeline_queued") { connection, _ in
            try await connection.execute(simpleSQL: Self.table)
            let seen = try await connection.transaction { transaction in
                try await transaction.enqueue("INSERT INTO permits VALUES (\(1), \("Chen Jie"))")
                try await transaction.enqueue("INSERT INTO permits VALUES (\(2), \("Li Na"))")
                #expect(transaction.queuedStatementCount == 3)   // BEGIN and the two inserts
                let count = try await transaction.query("SELECT count(*)::int AS n FROM permits")[0].decode("n", as: Int.self)
                #expect(transaction.queuedStatementCount == 0)
                try await transaction.enqueue("INSERT INTO permits VALUES (\(3), \("Wang Fang"))")
                return count
            }
            #expect(seen == 2)
            #expect(try await ids(connection) == [1, 2, 3])

            // A check that refuses a result rolls the whole transaction back, and its error is the one reported.
            struct NothingUpdated: Error {}
            await #expect(throws: NothingUpdated.self) {
                try await connection.transaction { transaction in
                    try await transaction.enqueue("DELETE FROM permits WHERE id = \(1)")
                    try await transaction.enqueue("UPDATE permits SET holder = 'x' WHERE id = \(99)") { result in
                        guard try result.get().affectedRows == 1 else { throw NothingUpdated() }
                    }
                    try await transaction.enqueue("DELETE FROM permits WHERE id = \(2)")
                }
            }
            #expect(try await ids(connection) == [1, 2, 3])

            // Outside a transaction a queued statement runs at once.
            try await connection.enqueue("DELETE FROM permits WHERE id = \(3)")
            #expect(await connection.queuedStatementCount == 0)
            #expect(try await ids(connection) == [1, 2])
        }
    }

    @Test func theCommitGoesWithStatementsThatFailOnlyByAnErrorAndAnErrorStopsIt() async throws {
        try await withConnection("pipeline_commit") { connection, _ in
            try await connection.execute(simpleSQL: Self.table)
            struct Taken: Error, Equatable { let message: String }
            // BEGIN, two inserts and COMMIT in one flight: the second insert fails, so the COMMIT never runs.
            let error = try await #require(throws: Taken.self) {
                try await connection.transaction { transaction in
                    try await transaction.enqueue("INSERT INTO permits VALUES (\(1), \("Chen Jie"))")
                    try await transaction.enqueue("INSERT INTO permits VALUES (\(1), \("Li Na"))") { error -> any Error in
                        error.isUniqueViolation ? Taken(message: error.constraint ?? "") : error
                    }
                    try await transaction.enqueue("INSERT INTO permits VALUES (\(2), \("Wang Fang"))")
                }
            }
            #expect(error == Taken(message: "permits_pkey"))
            #expect(try await ids(connection).isEmpty)
            #expect(await connection.queuedStatementCount == 0)
            // The same without the clash commits all of it in that one flight.
            try await connection.transaction { transaction in
                try await transaction.enqueue("INSERT INTO permits VALUES (\(1), \("Chen Jie"))")
                try await transaction.enqueue("INSERT INTO permits VALUES (\(2), \("Li Na"))")
            }
            #expect(try await ids(connection) == [1, 2])
            // A COMMIT that fails (a deferred constraint) is reported, and nothing stays.
            try await connection.execute(simpleSQL: """
                CREATE TABLE holders (id int PRIMARY KEY, permit int REFERENCES permits (id) DEFERRABLE INITIALLY DEFERRED)
                """)
            let deferred = try await #require(throws: PostgresError.self) {
                try await connection.transaction { transaction in
                    try await transaction.enqueue("INSERT INTO holders VALUES (\(1), \(99))")
                }
            }
            #expect(deferred.isForeignKeyViolation)
            #expect(try await connection.query("SELECT count(*)::int AS n FROM holders")[0].decode("n", as: Int.self) == 0)
        }
    }

    @Test func readsPrefetchedAfterACommitServeTheNextTransactionsFirstFlightOnly() async throws {
        try await withConnection("pipeline_prefetch") { connection, _ in
            try await connection.execute(simpleSQL: Self.table + "; CREATE SEQUENCE reads")
            // nextval counts how often the read really ran on the server.
            let reads: [PostgresQuery] = ["SELECT holder FROM permits WHERE id = \(1)", "SELECT nextval('reads') AS n"]
            try await connection.run { connection in
                try await connection.transaction { transaction in
                    try await transaction.enqueue("INSERT INTO permits VALUES (\(1), \("Chen Jie"))")
                    transaction.prefetchAfterCommit(reads)
                }
                // The next READ COMMITTED transaction's first flight is served from the reads sent after the COMMIT,
                // which saw what that COMMIT wrote.
                let first = try await connection.transaction { transaction in try await transaction.pipeline(reads) }
                #expect(first[0][0]["holder"] == "Chen Jie")
                #expect(first[1][0]["n"] == "1")
                // Only once: the same reads again go to the server.
                let again = try await connection.transaction { transaction in try await transaction.pipeline(reads) }
                #expect(again[1][0]["n"] == "2")

                // Any other statement first, and the prefetched results are dropped.
                try await connection.transaction { transaction in
                    try await transaction.enqueue("UPDATE permits SET holder = 'Li Na' WHERE id = \(1)")
                    transaction.prefetchAfterCommit(reads)
                }
                let afterOther = try await connection.transaction { transaction in
                    _ = try await transaction.query("SELECT 1 AS one")
                    return try await transaction.pipeline(reads)
                }
                #expect(afterOther[0][0]["holder"] == "Li Na")
                #expect(afterOther[1][0]["n"] == "4")

                // A REPEATABLE READ transaction reads in its own snapshot, never from before its BEGIN.
                try await connection.transaction { transaction in
                    try await transaction.enqueue("UPDATE permits SET holder = 'Wang Fang' WHERE id = \(1)")
                    transaction.prefetchAfterCommit(reads)
                }
                let repeatable = try await connection.transaction(isolationLevel: .repeatableRead) { transaction in
                    try await transaction.pipeline(reads)
                }
                #expect(repeatable[1][0]["n"] == "6")

                // A write that fails stops the COMMIT and the reads behind it: nothing prefetched, nothing run.
                await #expect(throws: PostgresError.self) {
                    try await connection.transaction { transaction in
                        try await transaction.enqueue("INSERT INTO permits VALUES (\(1), \("Zhao Lei"))")
                        transaction.prefetchAfterCommit(reads)
                    }
                }
                let afterFailure = try await connection.transaction { transaction in try await transaction.pipeline(reads) }
                #expect(afterFailure[0][0]["holder"] == "Wang Fang")
                #expect(afterFailure[1][0]["n"] == "7")
            }
        }
    }

    @Test func queuedStatementsOfABodyThatThrowsAreNeverSent() async throws {
        try await withConnection("pipeline_discard") { connection, _ in
            try await connection.execute(simpleSQL: Self.table)
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await connection.transaction { transaction in
                    try await transaction.enqueue("INSERT INTO permits VALUES (\(1), \("Chen Jie"))")
                    throw Refused()
                }
            }
            #expect(await connection.queuedStatementCount == 0)
            #expect(try await ids(connection).isEmpty)
        }
    }

    @Test func cancellingTheTaskCancelsAFlightAndTheConnectionStaysUsable() async throws {
        try await withConnection("pipeline_cancel") { connection, _ in
            let sleeper = Task {
                try await connection.pipeline(["SELECT 1 AS one", "SELECT pg_sleep(60)", "SELECT 2 AS two"])
            }
            try await Task.sleep(for: .milliseconds(300))
            sleeper.cancel()
            let error = try await #require(throws: PostgresError.self) { try await sleeper.value }
            #expect(error.sqlState == SQLState.queryCanceled)
            #expect(await !connection.isBroken)
            #expect(try await connection.pipeline(["SELECT 3 AS three", "SELECT 4 AS four"])[1][0]["four"] == "4")
        }
    }

    @Test func aTransactionBodyRunsIsolatedToItsConnection() async throws {
        try await withConnection("pipeline_isolated") { connection, _ in
            try await connection.execute(simpleSQL: Self.table)
            let pid = await connection.backendProcessID
            let seen = try await connection.transaction { transaction in
                // Synchronous isolated members need no await: the body runs on the connection's executor.
                transaction.preconditionIsolated()
                let inBody = transaction.backendProcessID
                try await transaction.query("INSERT INTO permits VALUES (\(1), \("Chen Jie"))")
                let sameTransaction = try await transaction.query("""
                    SELECT (SELECT count(*) FROM permits)::int AS n, txid_current_if_assigned() IS NOT NULL AS writing
                    """)[0]
                return (inBody, try sameTransaction.decode("n", as: Int.self), try sameTransaction.decode("writing", as: Bool.self))
            }
            #expect(seen.0 == pid)
            #expect(seen.1 == 1)
            #expect(seen.2)
            // A body that sends nothing still commits cleanly, and the connection is idle afterwards.
            let nothing = try await connection.transaction { _ in 5 }
            #expect(nothing == 5)
            #expect(try await ids(connection) == [1])
        }
    }
}
