import Postgres
import Testing

@Suite("Transactions commit or roll back as a whole")
struct TransactionTests {
    struct RefusedByCaseworker: Error, Equatable {}

    @Test func throwingBodyRollsBackAndRethrowsTheOriginalError() async throws {
        try await withConnection("rollback") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE cases (id int PRIMARY KEY)")
            await #expect(throws: RefusedByCaseworker.self) {
                try await connection.transaction { transaction in
                    try await transaction.query("INSERT INTO cases VALUES (\(1))")
                    throw RefusedByCaseworker()
                }
            }
            #expect(try await connection.query("SELECT id FROM cases").isEmpty)
            let committed = try await connection.transaction { transaction in
                try await transaction.query("INSERT INTO cases VALUES (\(2))").affectedRows
            }
            #expect(committed == 1)
            #expect(try await connection.query("SELECT id FROM cases").map { try $0.decode("id", as: Int.self) } == [2])
        }
    }

    @Test func serverErrorInsideRollsBackEarlierStatements() async throws {
        try await withConnection("rollback_sql") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE cases (id int PRIMARY KEY)")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.transaction { transaction in
                    try await transaction.query("INSERT INTO cases VALUES (\(1))")
                    try await transaction.query("INSERT INTO cases VALUES (\(1))")
                }
            }
            #expect(error.isUniqueViolation)
            #expect(try await connection.query("SELECT id FROM cases").isEmpty)
            #expect(try await connection.query("SELECT 1 AS one").count == 1)
        }
    }

    @Test func swallowedStatementErrorDoesNotSilentlyCommitNothing() async throws {
        try await withConnection("swallowed") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE cases (id int PRIMARY KEY)")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.transaction { transaction in
                    try await transaction.query("INSERT INTO cases VALUES (\(1))")
                    _ = try? await transaction.query("SELECT 1 / 0")
                }
            }
            #expect(error.sqlState == SQLState.inFailedSQLTransaction)
            #expect(try await connection.query("SELECT id FROM cases").isEmpty)
        }
    }

    @Test func isolationLevelIsApplied() async throws {
        try await withConnection("isolation") { connection, _ in
            for level in [IsolationLevel.readCommitted, .repeatableRead, .serializable] {
                let shown = try await connection.transaction(isolationLevel: level) { transaction in
                    try await transaction.query("SHOW transaction_isolation")[0]["transaction_isolation"]
                }
                #expect(shown == level.rawValue.lowercased())
            }
        }
    }
}
