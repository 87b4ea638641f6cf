import Foundation
import Testing
@testable import Postgres

@Suite("Parameters written digit by digit read as Foundation would write them")
struct TextEncodingTests {
    @Test func uuidsAreLowerCaseHyphenated() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.postgresText == id.uuidString.lowercased())
        }
        #expect(UUID(uuid: (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255)).postgresText == "00010203-0405-0607-0809-0a0b0c0d0eff")
    }

    @Test func timestampsAreUTCWithMicroseconds() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for text in ["2026-03-02T02:00:00.000000Z", "1999-12-31T23:59:59.999999Z", "2000-02-29T00:00:00.000001Z",
                     "1970-01-01T00:00:00.000000Z", "2137-06-30T12:34:56.500000Z"] {
            let date = try #require(PostgresTimestamp(parsing: text)).date
            #expect(date.postgresText == text)
        }
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000.0, by: 123_456_789.123) {
            let date = Date(timeIntervalSince1970: seconds)
            let text = date.postgresText
            #expect(text.count == 27)
            let back = try #require(PostgresTimestamp(parsing: text)).date
            #expect(abs(back.timeIntervalSince(date)) < 0.000_001)
            #expect(formatter.date(from: String(text.prefix(23)) + "Z").map { abs($0.timeIntervalSince(date)) < 0.001 } == true)
        }
    }
}
