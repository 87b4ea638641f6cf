import Foundation
import Postgres
import Testing

@Suite("Parameters and values round-trip through the server")
struct ParameterRoundTripTests {
    static let nastyStrings = [
        "", "plain", "中文 申请人 张三", "emoji 👩‍💻🇭🇰🇲🇴", "it's", "''", "\"double\"", "back\\slash \\\\ \\N",
        "'); DROP TABLE x; --", "$1 $2 ?", "tab\tnew\nline\rreturn", "{\"json\": [1,2]}", "NULL", "semi;colon", "e'\\x41'",
    ]

    @Test func stringsAreStoredAndReadBackVerbatim() async throws {
        try await withConnection("strings") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE x (id int PRIMARY KEY, body text)")
            for (id, text) in Self.nastyStrings.enumerated() {
                try await connection.query("INSERT INTO x (id, body) VALUES (\(id), \(text))")
            }
            let rows = try await connection.query("SELECT id, body FROM x ORDER BY id")
            #expect(rows.map { try? $0.decode("body", as: String.self) } == Self.nastyStrings)
            let tableStillThere = try await connection.query("SELECT count(*) AS n FROM x")
            #expect(try tableStillThere[0].decode("n", as: Int.self) == Self.nastyStrings.count)
        }
    }

    @Test func randomStringsOfAwkwardCharactersRoundTrip() async throws {
        let alphabet: [Character] = ["'", "\"", "\\", ";", "-", "$", "\t", "\n", "中", "文", "🙂", "é", "a", " ", "{", "}", ",", "\r"]
        try await withConnection("random_strings") { connection, _ in
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<300 {
                let text = String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
                let echoed = try await connection.query("SELECT \(text)::text AS v, length(\(text)::text) AS n")
                #expect(try echoed[0].decode("v", as: String.self) == text, "\(text.debugDescription)")
                #expect(try echoed[0].decode("n", as: Int.self) == text.unicodeScalars.count, "\(text.debugDescription)")
            }
        }
    }

    @Test func scalarsRoundTrip() async throws {
        try await withConnection("scalars") { connection, _ in
            for value in [0, 1, -1, Int.max, Int.min] {
                #expect(try await connection.query("SELECT \(value)::int8 AS v")[0].decode("v", as: Int.self) == value)
            }
            for value in [Int32.max, Int32.min, 0] {
                #expect(try await connection.query("SELECT \(value)::int4 AS v")[0].decode("v", as: Int32.self) == value)
            }
            for value in [Int64.max, Int64.min] {
                #expect(try await connection.query("SELECT \(value)::int8 AS v")[0].decode("v", as: Int64.self) == value)
            }
            for value in [0.1, -1.5e300, .leastNonzeroMagnitude, 1.0 / 3.0, .infinity, -.infinity] {
                #expect(try await connection.query("SELECT \(value)::float8 AS v")[0].decode("v", as: Double.self) == value)
            }
            #expect(try await connection.query("SELECT \(Double.nan)::float8 AS v")[0].decode("v", as: Double.self).isNaN)
            for value in [true, false] {
                let row = try await connection.query("SELECT \(value)::bool AS v, NOT \(value)::bool AS w")[0]
                #expect(try row.decode("v", as: Bool.self) == value)
                #expect(try row.decode("w", as: Bool.self) == !value)
            }
            let id = UUID()
            #expect(try await connection.query("SELECT \(id)::uuid AS v")[0].decode("v", as: UUID.self) == id)
            #expect(try await connection.query("SELECT \(id)::uuid = \(id.uuidString.uppercased())::uuid AS same")[0].decode("same", as: Bool.self))
        }
    }

    @Test func nullsBecomeNilAndNilBecomesNull() async throws {
        try await withConnection("nulls") { connection, _ in
            let missing: Int? = nil
            let present: Int? = 7
            let row = try await connection.query("SELECT \(missing)::int AS a, \(present)::int AS b, \(missing)::int IS NULL AS a_is_null")[0]
            #expect(try row.decode("a", as: Int?.self) == nil)
            #expect(try row.decode("b", as: Int?.self) == 7)
            #expect(try row.decode("a_is_null", as: Bool.self))
            #expect(row["a"] == nil)
        }
    }

    @Test func datesAndTimestampsRoundTripInUTC() async throws {
        try await withConnection("dates") { connection, _ in
            let instant = Date(timeIntervalSince1970: 1_795_323_477.123456)
            let row = try await connection.query("""
                SELECT \(instant)::timestamptz AS t,
                       extract(epoch FROM \(instant)::timestamptz)::text AS epoch,
                       \(instant)::timestamptz::text AS shown
                """)[0]
            let back = try row.decode("t", as: Date.self)
            #expect(abs(back.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
            #expect(row["epoch"] == "1795323477.123456")
            #expect(row["shown"] == "2026-11-22 04:57:57.123456+00")

            let now = try await connection.query("SELECT now() AS now")[0].decode("now", as: Date.self)
            #expect(abs(now.timeIntervalSinceNow) < 60)

            let day = PostgresDate(year: 2024, month: 2, day: 29)
            let dates = try await connection.query("SELECT \(day)::date AS d, (\(day)::date + 1) AS next")[0]
            #expect(try dates.decode("d", as: PostgresDate.self) == day)
            #expect(try dates.decode("next", as: PostgresDate.self) == PostgresDate(year: 2024, month: 3, day: 1))
        }
    }

    @Test func jsonRoundTripsThroughJSONB() async throws {
        struct Applicant: Codable, Equatable { var name: String; var regions: [String]; var note: String? }
        try await withConnection("json") { connection, _ in
            let applicant = Applicant(name: "张三 \"Sam\" O'Neil", regions: ["HK", "MO"], note: "🙂\\")
            let document = try PostgresJSON(encoding: applicant)
            let row = try await connection.query("SELECT \(document)::jsonb AS doc, \(document)::jsonb ->> 'name' AS name")[0]
            #expect(try row.decode("doc", as: PostgresJSON.self).decode(Applicant.self) == applicant)
            #expect(row["name"] == applicant.name)
            #expect(throws: PostgresError.self) { try PostgresJSON(text: "[1]").decode(Applicant.self) }
        }
    }

    @Test func arrayParametersArriveAsOneArray() async throws {
        try await withConnection("arrays") { connection, _ in
            let values = Self.nastyStrings
            let rows = try await connection.query("SELECT v FROM unnest(\(values)::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n")
            #expect(rows.map { $0["v"] } == values)
            let numbers = [3, 1, 2]
            let sum = try await connection.query("SELECT sum(v)::int8 AS s, cardinality(\(numbers)::int8[]) AS c FROM unnest(\(numbers)::int8[]) AS v")[0]
            #expect(try sum.decode("s", as: Int.self) == 6)
            #expect(try sum.decode("c", as: Int.self) == 3)
            let none: [String] = []
            #expect(try await connection.query("SELECT cardinality(\(none)::text[]) AS c")[0].decode("c", as: Int.self) == 0)
        }
    }

    @Test func affectedRowsCountsChangedRows() async throws {
        try await withConnection("affected") { connection, _ in
            try await connection.execute(simpleSQL: "CREATE TABLE x (id int); INSERT INTO x SELECT generate_series(1, 10)")
            #expect(try await connection.query("UPDATE x SET id = id + 100 WHERE id <= \(4)").affectedRows == 4)
            #expect(try await connection.query("DELETE FROM x").affectedRows == 10)
            let selected = try await connection.query("SELECT 1 AS one UNION ALL SELECT 2")
            #expect(selected.count == 2)
            #expect(selected.affectedRows == 2)
        }
    }
}
