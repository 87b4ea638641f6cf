import Foundation
import Testing
@testable import PermitCore

@Suite("CivilDate")
struct CivilDateTests {
    @Test("strict ISO parsing accepts real days only", arguments: [
        ("2026-02-28", true), ("2024-02-29", true), ("2026-02-29", false), ("2026-02-30", false),
        ("2026-13-01", false), ("2026-00-10", false), ("2026-1-1", false), ("2026-01-01T00:00", false),
        ("20260101", false), ("2026/01/01", false), ("", false), ("2000-02-29", true), ("1900-02-29", false),
    ])
    func isoParsing(text: String, valid: Bool) {
        let parsed = CivilDate(iso: text)
        #expect((parsed != nil) == valid)
        if let parsed { #expect(parsed.description == text) }
    }

    @Test func normalisingInitialiserNeverTraps() {
        #expect(CivilDate(year: 2026, month: 2, day: 30) == day("2026-03-02"))
        #expect(CivilDate(year: 2026, month: 13, day: 1) == day("2027-01-01"))
        #expect(CivilDate(year: 2026, month: 1, day: 0) == day("2025-12-31"))
        #expect(CivilDate(validatingYear: 2026, month: 2, day: 30) == nil)
        #expect(CivilDate(validatingYear: 2024, month: 2, day: 29) == day("2024-02-29"))
    }

    @Test("weekday is ISO (1 = Monday)", arguments: [
        ("1970-01-01", 4), ("2026-02-14", 6), ("2026-02-15", 7), ("2026-02-16", 1), ("2000-02-29", 2), ("1969-12-31", 3),
    ])
    func weekday(text: String, expected: Int) {
        #expect(day(text).weekday == expected)
    }

    @Test func dayArithmeticRoundTrips() {
        let start = day("2023-12-30")
        #expect(start.adding(days: 3) == day("2024-01-02"))
        #expect(start.adding(days: 61) == day("2024-02-29"))
        #expect(day("2024-03-01").adding(days: -1) == day("2024-02-29"))
        #expect(start.days(until: day("2024-12-31")) == 367)
        for offset in stride(from: -800, through: 800, by: 37) {
            #expect(start.adding(days: offset).days(until: start) == -offset)
        }
    }

    @Test func addingYearsClampsTheTwentyNinthOfFebruary() {
        #expect(day("2024-02-29").adding(years: 1) == day("2025-02-28"))
        #expect(day("2024-02-29").adding(years: 4) == day("2028-02-29"))
        #expect(day("2026-03-31").adding(years: 3) == day("2029-03-31"))
    }

    @Test func codableUsesTheIsoString() throws {
        let data = try JSONEncoder().encode([day("2026-05-09")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-05-09"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [day("2026-05-09")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CivilDate].self, from: Data(#"["2026-02-30"]"#.utf8)) }
    }

    @Test func todayAndStartOfDayFollowTheTimeZone() {
        // 2026-01-31 17:30 UTC is already 1 February in Shanghai (UTC+8).
        let instant = Date(timeIntervalSince1970: 1_769_880_600)
        #expect(CivilDate.today(in: TimeZone(identifier: "UTC")!, now: instant) == day("2026-01-31"))
        #expect(CivilDate.today(in: Seeds.shanghai, now: instant) == day("2026-02-01"))
        let start = day("2026-02-01").startOfDay(in: Seeds.shanghai)
        #expect(start.timeIntervalSince1970 == 1_769_875_200)
        #expect(CivilDate.today(in: Seeds.shanghai, now: start) == day("2026-02-01"))
        #expect(CivilDate.today(in: Seeds.shanghai, now: start.addingTimeInterval(-1)) == day("2026-01-31"))
    }

    @Test func losslessStringRoundTrip() {
        #expect(CivilDate("2026-10-10")?.description == "2026-10-10")
        #expect(CivilDate("2026-10-32") == nil)
        #expect(day("2026-01-01") < day("2026-01-02"))
    }
}
