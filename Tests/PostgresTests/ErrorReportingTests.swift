import Foundation
import PermitTestSupport
import Postgres
import Testing

@Suite("Errors say what went wrong")
struct ErrorReportingTests {
    @Test func duplicateKeyGivesUniqueViolationWithConstraintName() async throws {
        try await withConnection("unique") { connection, _ in
            try await connection.execute(simpleSQL: """
                CREATE TABLE applicants (id int PRIMARY KEY, passport text CONSTRAINT applicants_passport_key UNIQUE)
                """)
            try await connection.query("INSERT INTO applicants VALUES (1, \("E12345678"))")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.query("INSERT INTO applicants VALUES (2, \("E12345678"))")
            }
            #expect(error.code == .server)
            #expect(error.sqlState == SQLState.uniqueViolation)
            #expect(error.isUniqueViolation)
            #expect(error.constraint == "applicants_passport_key")
            #expect(error.table == "applicants")
            #expect(error.detail?.contains("E12345678") == true)
            #expect(!error.isConnectionLost)
            #expect(try await connection.query("SELECT count(*) AS n FROM applicants")[0].decode("n", as: Int.self) == 1)
        }
    }

    @Test("a login that does not exist is a refused login; a database that does not exist is not")
    func missingRoleAndMissingDatabaseAreToldApart() async throws {
        try await withConnection("refusals") { _, database in
            let noRole = try await #require(throws: PostgresError.self) {
                _ = try await PostgresConnection.connect(database.configuration.login("no_such_login_here", password: "x"), logger: testLogger)
            }
            #expect(noRole.code == .authenticationFailed, "\(noRole)")
            let noDatabase = try await #require(throws: PostgresError.self) {
                _ = try await PostgresConnection.connect(database.configuration.database("no_such_database_here"), logger: testLogger)
            }
            #expect(noDatabase.code == .connectionFailed, "\(noDatabase)")
            #expect(noDatabase.message.contains("no_such_database_here"))
        }
    }

    @Test func checkAndForeignKeyViolationsAreRecognised() async throws {
        try await withConnection("constraints") { connection, _ in
            try await connection.execute(simpleSQL: """
                CREATE TABLE parent (id int PRIMARY KEY);
                CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent, years int CHECK (years BETWEEN 1 AND 5));
                """)
            let foreignKey = try await #require(throws: PostgresError.self) {
                try await connection.query("INSERT INTO child VALUES (1, \(99), 1)")
            }
            #expect(foreignKey.isForeignKeyViolation)
            let check = try await #require(throws: PostgresError.self) {
                try await connection.query("INSERT INTO child VALUES (1, NULL, \(9))")
            }
            #expect(check.isCheckViolation)
            #expect(check.constraint == "child_years_check")
            let raised = try await #require(throws: PostgresError.self) {
                try await connection.execute(simpleSQL: "DO $$ BEGIN RAISE EXCEPTION 'case % is closed', 7 USING HINT = 'reopen it'; END $$")
            }
            #expect(raised.sqlState == SQLState.raiseException)
            #expect(raised.message == "case 7 is closed")
            #expect(raised.hint == "reopen it")
            #expect(raised.description.contains("reopen it"))
        }
    }

    @Test func failedConnectSaysWhereItTried() async throws {
        let nowhere = PostgresConfiguration(conninfo: "host=/tmp/permitflow-no-such-dir port=5999 user=postgres password=topsecret dbname=ghost")
        let error = try await #require(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(nowhere, logger: testLogger)
        }
        #expect(error.code == .connectionFailed)
        #expect(error.isConnectionLost)
        #expect(error.message.contains("cannot be reached"))
        #expect(error.message.contains("/tmp/permitflow-no-such-dir"))
        #expect(error.message.contains("5999"))
        #expect(!error.message.contains("topsecret"))
    }

    @Test func decodingErrorsNameTheColumn() async throws {
        try await withConnection("decoding") { connection, _ in
            let row = try await connection.query("SELECT NULL::int AS missing_value, 'abc' AS not_a_number, 1 AS fine")[0]
            let null = try #require(throws: PostgresError.self) { try row.decode("missing_value", as: Int.self) }
            #expect(null.code == .decoding)
            #expect(null.message.contains("missing_value"))
            let bad = try #require(throws: PostgresError.self) { try row.decode("not_a_number", as: Int.self) }
            #expect(bad.code == .decoding)
            #expect(bad.message.contains("not_a_number"))
            #expect(bad.message.contains("abc"))
            let absent = try #require(throws: PostgresError.self) { try row.decode("nope", as: Int?.self) }
            #expect(absent.code == .decoding)
            #expect(absent.message.contains("nope"))
            #expect(try row.decode("fine", as: Int.self) == 1)
        }
    }

    @Test func closedConnectionThrowsClosed() async throws {
        let database = try await TestDatabase.create("closed")
        let connection = try await PostgresConnection.connect(database.configuration, logger: testLogger)
        #expect(await !connection.isBroken)
        await connection.close()
        await connection.close()
        #expect(await connection.isBroken)
        let error = try await #require(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(error.code == .closed)
        await database.drop()
    }

    @Test func killedSessionIsReportedAsConnectionLost() async throws {
        try await withConnection("killed") { connection, database in
            let victim = try await PostgresConnection.connect(database.configuration, logger: testLogger)
            let pid = await victim.backendProcessID
            try await connection.query("SELECT pg_terminate_backend(\(pid))")
            let error = try await #require(throws: PostgresError.self) { try await victim.query("SELECT 1") }
            #expect(error.isConnectionLost)
            #expect(await victim.isBroken)
            await victim.close()
        }
    }
}
