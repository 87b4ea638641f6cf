import Foundation
import Testing
@testable import PermitCore

@Suite("Acting time and the database's purpose")
struct ActingTimeTests {
    @Test("a bare date is the last second of that day in Shanghai; a time is that minute", arguments: [
        ("2026-09-29", "2026-09-29T15:59:59Z"), ("2026-09-29T09:30", "2026-09-29T01:30:00Z"),
        ("2026-09-29T00:00", "2026-09-28T16:00:00Z"), ("2026-02-12T23:59:30", "2026-02-12T15:59:30Z"),
        ("2024-02-29", "2024-02-29T15:59:59Z"),
    ])
    func parses(text: String, utc: String) throws {
        let time = try #require(ActingTime(parsing: text))
        #expect(time.instant == ISO8601DateFormatter().date(from: utc))
        #expect(time.isChosen)
        #expect(time.day() == CivilDate(iso: String(text.prefix(10))))
    }

    @Test("anything else is refused", arguments: [
        "2026-02-30", "2025-02-29", "2026-9-29", "2026-09-29T24:00", "2026-09-29T09:60", "2026-09-29T9:30", "2026-09-29T09",
        "2026-09-29 09:30", "2026-09-29T09:30:61", "2026-09-29T09:30Z", "today", "",
    ])
    func refuses(text: String) {
        #expect(ActingTime(parsing: text) == nil)
    }

    @Test func theEndOfADayIsWhatTheWorkerAlwaysMeant() {
        let day = day("2026-03-02")
        #expect(ActingTime.endOfDay(day) == day.adding(days: 1).startOfDay(in: Seeds.shanghai).addingTimeInterval(-1))
        #expect(ActingTime(parsing: "2026-03-02")?.instant == ActingTime.endOfDay(day))
    }

    @Test("production refuses a chosen instant more than 5 minutes from now; the clock and the copies always pass")
    func purpose() throws {
        let now = at("2026-12-03")
        let backdated = try #require(ActingTime(parsing: "2026-09-29"))
        #expect(DatabasePurpose.production.refusal(actingAt: backdated, now: now)?.code == DatabasePurpose.refusalCode)
        #expect(DatabasePurpose.production.refusal(actingAt: .chosen(now.addingTimeInterval(6 * 60)), now: now)?.code == "as_of_in_production")
        #expect(DatabasePurpose.production.refusal(actingAt: .chosen(now.addingTimeInterval(-4 * 60)), now: now) == nil)
        #expect(DatabasePurpose.production.refusal(actingAt: .clock(now.addingTimeInterval(-86_400)), now: now) == nil)
        #expect(DatabasePurpose.training.refusal(actingAt: backdated, now: now) == nil)
        #expect(DatabasePurpose.whatIf.refusal(actingAt: backdated, now: now) == nil)
        let message = try #require(DatabasePurpose.production.refusal(actingAt: backdated, now: now)?.message)
        #expect(message.contains("permit database purpose") && message.contains("2026-09-29T23:59:59+08:00"))
    }
}

@Suite("Counting working days for people")
struct WorkingDayCountTests {
    @Test("the two worked examples, day by day", arguments: [
        ("2026-09-29", "2026-10-14", 8, "National Day"),   // 1–7 Oct off, 10 Oct made up, 11 Oct a Sunday
        ("2026-02-12", "2026-02-28", 9, "Spring Festival"),  // 15–23 Feb off, 14 and 28 Feb made up
    ])
    func workedExamples(accepted: String, due: String, skipped: Int, holiday: String) {
        let count = WorkingDayCount(workingDays: 7, after: day(accepted), calendar: Seeds.calendar)
        #expect(count.end == day(due))
        #expect(count.counted.count == 7 && count.counted.last == day(due))
        #expect(count.skipped.count == skipped)
        #expect(count.skipped.first?.reason == holiday)
        #expect(!count.provisional && count.yearsNotLoaded.isEmpty)
        #expect(count.end == Seeds.calendar.addingWorkingDays(7, to: day(accepted)).date)
    }

    @Test func intoAYearNotLoadedIsProvisional() {
        let count = WorkingDayCount(workingDays: 20, after: day("2026-12-20"), calendar: Seeds.calendar)
        #expect(count.provisional && count.yearsNotLoaded == [2027])
        #expect(count.counted.contains(day("2027-01-01")))   // weekdays assumed: New Year's Day counts until 2027 is loaded
    }

    @Test("from 1 December the next year's missing calendar is named", arguments: [
        ("2026-11-30", nil as Int?), ("2026-12-01", 2027), ("2026-12-31", 2027), ("2025-12-01", nil), ("2027-01-04", nil),
    ])
    func missingNextYear(today: String, year: Int?) {
        #expect(Seeds.calendar.missingNextYear(on: day(today)) == year)
    }
}
