import Postgres
import Testing

@Suite("COPY … FROM STDIN bulk loads")
struct CopyTests {
    static func note(_ index: Int) -> String {
        "申请 #\(index) 🙂 tab\there\\back \"q\" 'x'\(index % 7 == 0 ? "\nsecond line\r" : "")"
    }

    @Test func tenThousandMultibyteRowsArriveIntact() async throws {
        try await withConnection("copy") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE notes (id int PRIMARY KEY, body text, extra text)")
            let lines = (0..<10_000).map { index in
                [String(index), Self.note(index), index % 10 == 0 ? nil : "é"].map(PostgresConnection.copyText).joined(separator: "\t")
            }
            let copied = try await connection.copyIn("COPY notes (id, body, extra) FROM STDIN", lines: lines)
            #expect(copied == 10_000)
            #expect(try await connection.query("SELECT count(*) AS n FROM notes")[0].decode("n", as: Int.self) == 10_000)
            for index in [0, 1, 7, 4_999, 9_999] {
                let row = try await connection.query("SELECT body, extra FROM notes WHERE id = \(index)")[0]
                #expect(try row.decode("body", as: String.self) == Self.note(index))
                #expect(try row.decode("extra", as: String?.self) == (index % 10 == 0 ? nil : "é"))
            }
            let nulls = try await connection.query("SELECT count(*) AS n FROM notes WHERE extra IS NULL")
            #expect(try nulls[0].decode("n", as: Int.self) == 1_000)
        }
    }

    @Test func badCopyDataFailsAndLeavesTheConnectionUsable() async throws {
        try await withConnection("copy_bad") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE numbers (n int)")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.copyIn("COPY numbers (n) FROM STDIN", lines: ["1", "two", "3"])
            }
            #expect(error.code == .copyFailed)
            #expect(error.sqlState == SQLState.invalidTextRepresentation)
            #expect(try await connection.query("SELECT count(*) AS n FROM numbers")[0].decode("n", as: Int.self) == 0)
            #expect(try await connection.copyIn("COPY numbers (n) FROM STDIN", lines: []) == 0)
            let notCopy = try await #require(throws: PostgresError.self) {
                try await connection.copyIn("SELECT 1", lines: ["1"])
            }
            #expect(notCopy.code == .protocolViolation)
            #expect(try await connection.query("SELECT 2 AS two")[0].decode("two", as: Int.self) == 2)
        }
    }
}
