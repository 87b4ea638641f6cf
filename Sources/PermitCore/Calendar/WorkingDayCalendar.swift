import Foundation

/// Which days are working days: the official calendar years that are loaded, Mon–Fri beyond them.
///
/// Outside the loaded years every Monday to Friday counts as a working day and any result that
/// depended on such a day is marked provisional, so a user interface can warn.
public struct WorkingDayCalendar: Sendable {
    /// The loaded years, oldest first.
    public let years: [CalendarYear]
    private let exceptions: [CivilDate: Exception]

    struct Exception: Sendable {
        var isWorkingDay: Bool
        var note: String
    }

    /// Makes a calendar; when two years disagree about a day, the later entry wins.
    public init(years: [CalendarYear]) {
        self.years = years.sorted { $0.year < $1.year }
        var exceptions: [CivilDate: Exception] = [:]
        for year in self.years {
            for entry in year.holidays {
                for date in entry.dates { exceptions[date] = Exception(isWorkingDay: false, note: entry.name) }
            }
            for entry in year.workingDays {
                for date in entry.dates { exceptions[date] = Exception(isWorkingDay: true, note: entry.name) }
            }
        }
        self.exceptions = exceptions
    }

    /// A calendar with no official years: every Mon–Fri is a working day and every result is provisional.
    public static let weekdaysOnly = WorkingDayCalendar(years: [])

    /// The years covered by official data.
    public var loadedYears: Set<Int> { Set(years.map(\.year)) }

    /// True when `date` falls in a loaded year (its working-day status is official).
    public func covers(_ date: CivilDate) -> Bool {
        years.contains { $0.year == date.year }
    }

    /// True when `date` is a working day: a make-up day, or a Mon–Fri that is not a holiday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if let exception = exceptions[date] { return exception.isWorkingDay }
        return !date.isWeekend
    }

    /// The holiday or make-up note for `date`, if the calendar lists it.
    public func note(for date: CivilDate) -> String? {
        exceptions[date]?.note
    }

    /// The `n`th working day after `start` (the start day is not counted); `start` itself when `n` is 0.
    ///
    /// Provisional when any day examined lies outside the loaded years.
    public func addingWorkingDays(_ n: Int, to start: CivilDate) -> (date: CivilDate, provisional: Bool) {
        var date = start
        var remaining = max(0, n)
        var provisional = n > 0 ? false : !covers(start)
        while remaining > 0 {
            date = date.adding(days: 1)
            if !covers(date) { provisional = true }
            if isWorkingDay(date) { remaining -= 1 }
        }
        return (date, provisional)
    }

    /// The working days in `(start, end]` (0 when `end` is not after `start`); provisional if any lies outside the loaded years.
    public func workingDays(after start: CivilDate, through end: CivilDate) -> (count: Int, provisional: Bool) {
        var count = 0
        var provisional = false
        var date = start
        while date < end {
            date = date.adding(days: 1)
            if !covers(date) { provisional = true }
            if isWorkingDay(date) { count += 1 }
        }
        return (count, provisional)
    }

    /// Every listed exception, in date order, for loading into a table.
    public var days: [(date: CivilDate, isWorkingDay: Bool, note: String)] {
        exceptions.keys.sorted().map { date in
            let exception = exceptions[date]!
            return (date, exception.isWorkingDay, exception.note)
        }
    }
}
