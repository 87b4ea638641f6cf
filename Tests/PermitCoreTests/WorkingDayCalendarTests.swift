import Foundation
import Testing
@testable import PermitCore

@Suite("Working-day calendar")
struct WorkingDayCalendarTests {
    @Test func shipsTheOfficialYears2023Through2026() {
        #expect(Seeds.calendar.loadedYears == [2023, 2024, 2025, 2026])
        #expect(!Seeds.calendar.covers(day("2027-01-01")))
    }

    @Test("holidays and make-up days from the State Council notices", arguments: [
        ("2023-01-02", false), ("2023-01-03", true), ("2023-01-28", true), ("2023-01-29", true), ("2023-04-05", false),
        ("2023-04-23", true), ("2023-05-06", true), ("2023-06-25", true), ("2023-10-06", false), ("2023-10-07", true),
        ("2024-01-01", false), ("2024-02-04", true), ("2024-02-09", true), ("2024-02-16", false), ("2024-02-18", true),
        ("2024-04-07", true), ("2024-05-11", true), ("2024-06-10", false), ("2024-09-14", true), ("2024-09-29", true),
        ("2024-10-12", true), ("2025-01-26", true), ("2025-02-04", false), ("2025-02-08", true), ("2025-04-27", true),
        ("2025-06-02", false), ("2025-09-28", true), ("2025-10-08", false), ("2025-10-11", true), ("2026-01-02", false),
        ("2026-01-04", true), ("2026-02-14", true), ("2026-02-23", false), ("2026-02-28", true), ("2026-04-06", false),
        ("2026-05-09", true), ("2026-09-20", true), ("2026-10-10", true), ("2026-10-07", false),
        // ordinary days
        ("2026-03-02", true), ("2026-03-07", false), ("2026-03-08", false),
    ])
    func officialDays(date: String, working: Bool) {
        #expect(Seeds.calendar.isWorkingDay(day(date)) == working)
    }

    @Test func everyListedDayHasItsStatusAndNote() {
        for year in Seeds.calendar.years {
            for entry in year.holidays {
                for date in entry.dates { #expect(!Seeds.calendar.isWorkingDay(date), "\(date)") }
            }
            for entry in year.workingDays {
                for date in entry.dates {
                    #expect(Seeds.calendar.isWorkingDay(date) && date.isWeekend, "\(date)")
                }
            }
        }
        let rows = Seeds.calendar.days
        #expect(rows.contains { $0.date == day("2026-02-14") && $0.isWorkingDay && $0.note.contains("Spring Festival") })
        #expect(rows.map(\.date) == rows.map(\.date).sorted())
    }

    @Test("decision deadlines across Chinese New Year and National Day (7 working days, start day not counted)", arguments: [
        ("2024-02-02", 7, "2024-02-18"),  // Sun 4 Feb and Sun 18 Feb are make-up days; 10–17 Feb off
        ("2025-01-27", 7, "2025-02-12"),  // 28 Jan–4 Feb off; Sat 8 Feb is a make-up day
        ("2026-02-13", 7, "2026-03-02"),  // Sat 14 Feb and Sat 28 Feb are make-up days; 15–23 Feb off
        ("2025-09-26", 7, "2025-10-13"),  // Sun 28 Sep and Sat 11 Oct make-up; 1–8 Oct off
        ("2026-09-30", 7, "2026-10-15"),  // 1–7 Oct off; Sat 10 Oct make-up
        ("2024-09-27", 5, "2024-10-10"),  // completeness notice: Sun 29 Sep make-up; 1–7 Oct off
        ("2026-03-02", 1, "2026-03-03"),  // the start day is not counted
        ("2026-03-06", 1, "2026-03-09"),  // a weekend is skipped
        ("2026-03-02", 0, "2026-03-02"),
    ])
    func deadlines(start: String, workingDays: Int, expected: String) {
        let result = Seeds.calendar.addingWorkingDays(workingDays, to: day(start))
        #expect(result.date == day(expected))
        #expect(!result.provisional)
    }

    @Test func beyondTheLoadedYearsWeekdaysCountAndTheResultIsProvisional() {
        // 2027 is not loaded: Fri 1 Jan 2027 counts as a working day, and the answer is marked provisional.
        let result = Seeds.calendar.addingWorkingDays(7, to: day("2026-12-28"))
        #expect(result.date == day("2027-01-06"))
        #expect(result.provisional)
        let inside = Seeds.calendar.addingWorkingDays(7, to: day("2026-12-18"))
        #expect(inside.date == day("2026-12-29"))
        #expect(!inside.provisional)
        #expect(WorkingDayCalendar.weekdaysOnly.addingWorkingDays(1, to: day("2026-02-13")) == (day("2026-02-16"), true))
    }

    @Test func countsWorkingDaysInAHalfOpenRange() {
        #expect(Seeds.calendar.workingDays(after: day("2026-02-13"), through: day("2026-03-02")).count == 7)
        #expect(Seeds.calendar.workingDays(after: day("2026-03-02"), through: day("2026-03-02")).count == 0)
        #expect(Seeds.calendar.workingDays(after: day("2026-12-30"), through: day("2027-01-01")) == (2, true))
    }

    @Test func rejectsBadCalendarFiles() throws {
        func code(_ json: String) -> String? {
            do { _ = try WorkingDayCalendar.decode([Data(json.utf8)]); return nil } catch let error as SeedDataError {
                return error.code
            } catch { return "other" }
        }
        let weekdayMakeUp = #"{"year":2026,"source":"t","holidays":[],"workingDays":[{"name":"x","date":"2026-03-02"}]}"#
        let outside = #"{"year":2026,"source":"t","holidays":[{"name":"x","date":"2025-12-31"}],"workingDays":[]}"#
        let both = #"{"year":2026,"source":"t","holidays":[{"name":"x","date":"2026-03-07"}],"workingDays":[{"name":"y","date":"2026-03-07"}]}"#
        let reversed = #"{"year":2026,"source":"t","holidays":[{"name":"x","from":"2026-03-07","through":"2026-03-01"}],"workingDays":[]}"#
        #expect(code(weekdayMakeUp) == "calendar_make_up_weekday")
        #expect(code(outside) == "calendar_date_outside_year")
        #expect(code(both) == "calendar_conflict")
        #expect(code(reversed) == "calendar_range_reversed")
        #expect(code(#"{"year":2026}"#) == "calendar_file_unreadable")
        #expect(code(#"{"year":2026,"source":"t","holidays":[],"workingDays":[]}"#) == nil)
    }
}
