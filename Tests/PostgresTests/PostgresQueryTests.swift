import Foundation
import Testing
@testable import Postgres

@Suite("Query building and text formats (no server)")
struct PostgresQueryTests {
    @Test func interpolatedValuesBecomeNumberedParameters() {
        let name = "O'Brien'); DROP TABLE cases; --"
        let age = 42
        let nothing: String? = nil
        let query: PostgresQuery = "SELECT * FROM people WHERE name = \(name) AND age > \(age) AND note IS NOT DISTINCT FROM \(nothing)"
        #expect(query.sql == "SELECT * FROM people WHERE name = $1 AND age > $2 AND note IS NOT DISTINCT FROM $3")
        #expect(query.binds == [name, "42", nil])
    }

    @Test func unescapedFragmentsAreSplicedAndTakeNoParameter() {
        let column = "created_at"
        let limit = 5
        let query: PostgresQuery = "SELECT id FROM cases ORDER BY \(unescaped: column) DESC LIMIT \(limit)"
        #expect(query.sql == "SELECT id FROM cases ORDER BY created_at DESC LIMIT $1")
        #expect(query.binds == ["5"])
    }

    @Test func arraysBecomeOneQuotedTextArrayParameter() {
        let values = ["plain", "with \"quotes\"", "back\\slash", "comma,brace}{", "", "NULL", "中文 🙂"]
        let query: PostgresQuery = "SELECT unnest(\(values)::text[])"
        #expect(query.sql == "SELECT unnest($1::text[])")
        #expect(query.binds == [#"{"plain","with \"quotes\"","back\\slash","comma,brace}{","","NULL","中文 🙂"}"#])
        let empty: [Int] = []
        let emptyQuery: PostgresQuery = "SELECT \(empty)::int[]"
        #expect(emptyQuery.binds == ["{}"])
    }

    @Test func copyTextEscapesControlCharactersAndNull() {
        #expect(PostgresConnection.copyText("a\tb\nc\rd\\e") == #"a\tb\nc\rd\\e"#)
        #expect(PostgresConnection.copyText(nil) == #"\N"#)
        #expect(PostgresConnection.copyText("中文") == "中文")
    }

    @Test func descriptionMasksPasswordsInURLsAndKeyValueStrings() {
        let url = PostgresConfiguration(conninfo: "postgres://permit:s3cret@db.example:6543/permitflow?sslmode=disable")
        #expect(!url.description.contains("s3cret"))
        #expect(url.description.contains("db.example"))
        #expect(url.description.contains("6543"))
        let keyValue = PostgresConfiguration(conninfo: "host=/tmp/sock port=5432 user=postgres password='p w' dbname=app")
        #expect(!keyValue.description.contains("p w"))
        #expect(keyValue.description == "host=/tmp/sock port=5432 user=postgres dbname=app")
        let broken = PostgresConfiguration(conninfo: "host=x password=hunter2 'unterminated")
        #expect(!broken.description.contains("hunter2"))
    }

    @Test func databaseReplacesOnlyTheDatabaseName() throws {
        let url = PostgresConfiguration(conninfo: "postgresql://permit:pw@localhost:5433/main?application_name=x", connectTimeoutSeconds: 9)
        let other = url.database("t_suite_1")
        let options = try #require(ConninfoOptions(parsing: other.conninfo))
        #expect(options["dbname"] == "t_suite_1")
        #expect(options["host"] == "localhost")
        #expect(options["port"] == "5433")
        #expect(options["password"] == "pw")
        #expect(options["application_name"] == "x")
        #expect(other.connectTimeoutSeconds == 9)
        let keyValue = PostgresConfiguration(conninfo: "host='/tmp/with space' dbname=a").database("b")
        #expect(ConninfoOptions(parsing: keyValue.conninfo)?["host"] == "/tmp/with space")
        #expect(ConninfoOptions(parsing: keyValue.conninfo)?["dbname"] == "b")
    }

    @Test func postgresDateAcceptsOnlyRealDaysInStrictForm() {
        #expect(PostgresDate(iso: "2026-02-28") == PostgresDate(year: 2026, month: 2, day: 28))
        #expect(PostgresDate(iso: "2024-02-29") != nil)
        for bad in ["2026-02-30", "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
                    "2026-4-01", "26-04-01", "2026-04-01T00:00", " 2026-04-01", "2026/04/01", "", "0000-01-01"] {
            #expect(PostgresDate(iso: bad) == nil, "\(bad) should be rejected")
        }
        #expect(PostgresDate(year: 7, month: 3, day: 9).description == "0007-03-09")
        #expect(PostgresDate(year: 2026, month: 1, day: 31) < PostgresDate(year: 2026, month: 2, day: 1))
    }

    @Test func postgresDateCodesAsOneISOString() throws {
        let day = PostgresDate(year: 2026, month: 11, day: 22)
        let json = String(decoding: try JSONEncoder().encode([day]), as: UTF8.self)
        #expect(json == #"["2026-11-22"]"#)
        #expect(try JSONDecoder().decode([PostgresDate].self, from: Data(json.utf8)) == [day])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PostgresDate].self, from: Data(#"["2026-02-30"]"#.utf8)) }
    }

    @Test func timestampsParseServerOutputWithAnyOffset() throws {
        let utc = try Date(postgresText: "2026-11-22 04:57:57.123456+00")
        #expect(PostgresTimestamp(utc) == PostgresTimestamp(unixSeconds: 1_795_323_477, microseconds: 123_456))
        #expect(try Date(postgresText: "2026-11-22 10:27:57.123456+05:30") == utc)
        #expect(try Date(postgresText: "2026-11-21 23:57:57.123456-05") == utc)
        #expect(try Date(postgresText: "2026-11-22T04:57:57.123456Z") == utc)
        #expect(try Date(postgresText: "2026-11-22 04:57:57+00") == Date(timeIntervalSince1970: 1_795_323_477))
        #expect(try Date(postgresText: "2026-11-22 04:57:57.5+00") == Date(timeIntervalSince1970: 1_795_323_477.5))
        for bad in ["infinity", "2026-11-22", "2026-02-30 00:00:00+00", "2026-11-22 04:57:57", "2026-11-22 04:57:57.+00", "1999-01-08 04:05:06+00 BC"] {
            #expect(throws: PostgresError.self, "\(bad) should be rejected") { try Date(postgresText: bad) }
        }
    }

    @Test func timestampsFormatInUTCWithMicroseconds() {
        #expect(Date(timeIntervalSince1970: 1_795_323_477.123456).postgresText == "2026-11-22T04:57:57.123456Z")
        #expect(Date(timeIntervalSince1970: 0).postgresText == "1970-01-01T00:00:00.000000Z")
        #expect(Date(timeIntervalSince1970: -0.5).postgresText == "1969-12-31T23:59:59.500000Z")
        #expect(Date(timeIntervalSince1970: 951_782_400).postgresText == "2000-02-29T00:00:00.000000Z")
    }

    @Test func timestampTextRoundTripsForManyInstants() throws {
        var generator = SystemRandomNumberGenerator()
        // 1900-01-01 ..< 2100-01-01: Date keeps microseconds exactly only within about ±136 years of 2001.
        for _ in 0..<5000 {
            let micros = Int64.random(in: -2_208_988_800_000_000..<4_102_444_800_000_000, using: &generator)
            let timestamp = PostgresTimestamp(unixSeconds: micros.floorDivided(by: 1_000_000).quotient,
                                              microseconds: micros.floorDivided(by: 1_000_000).remainder)
            let parsed = try #require(PostgresTimestamp(parsing: timestamp.iso8601), "\(timestamp.iso8601)")
            #expect(parsed == timestamp, "\(timestamp.iso8601)")
            #expect(PostgresTimestamp(timestamp.date) == timestamp, "\(timestamp.iso8601)")
        }
    }

    @Test func civilDayConversionMatchesFoundationCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for days in stride(from: Int64(-40_000), through: 40_000, by: 37) {
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let civil = CivilDay(daysSinceEpoch: days)
            #expect(civil == CivilDay(year: Int64(parts.year!), month: Int64(parts.month!), day: Int64(parts.day!)))
            #expect(civil.daysSinceEpoch == days)
        }
    }

    @Test func errorsClassifyConnectionLossBySQLStateClass() {
        #expect(PostgresError(code: .server, message: "x", sqlState: "08006").isConnectionLost)
        #expect(PostgresError(code: .server, message: "x", sqlState: SQLState.adminShutdown).isConnectionLost)
        #expect(PostgresError(code: .connectionFailed, message: "x").isConnectionLost)
        #expect(!PostgresError(code: .server, message: "x", sqlState: SQLState.uniqueViolation).isConnectionLost)
        #expect(PostgresError(code: .server, message: "x", sqlState: "40001").isSerializationFailure)
        #expect(PostgresError(code: .server, message: "x", sqlState: "40P01").isDeadlock)
    }

    @Test func scalarTextRejectsGarbage() {
        #expect(throws: PostgresError.self) { try Int(postgresText: "12a") }
        #expect(throws: PostgresError.self) { try Int32(postgresText: "4294967296") }
        #expect(throws: PostgresError.self) { try Bool(postgresText: "yes") }
        #expect(throws: PostgresError.self) { try UUID(postgresText: "not-a-uuid") }
        #expect(throws: PostgresError.self) { try Double(postgresText: "1,5") }
    }
}
