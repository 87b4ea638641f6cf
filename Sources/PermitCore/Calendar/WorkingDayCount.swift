/// A working-day period counted out day by day from the calendar, so a person can check a deadline: which days
/// counted, which were skipped and why. The count begins the day after `start` (Administrative Licensing Law).
public struct WorkingDayCount: Sendable, Equatable {
    /// A day the count passed over.
    public struct SkippedDay: Sendable, Equatable, Codable {
        /// The day.
        public var date: CivilDate
        /// Why: the holiday's name, or "weekend".
        public var reason: String
    }

    /// The day the period starts (not counted).
    public var start: CivilDate
    /// The number of working days in the period.
    public var workingDays: Int
    /// The last day of the period.
    public var end: CivilDate
    /// True when a day examined lies outside the loaded calendar years (weekdays were assumed).
    public var provisional: Bool
    /// The working days counted, in order (as many as `workingDays`).
    public var counted: [CivilDate]
    /// The days passed over, in order.
    public var skipped: [SkippedDay]
    /// The years the count reached that have no official calendar loaded.
    public var yearsNotLoaded: [Int]

    /// Counts `workingDays` working days after `start` on `calendar`; the same end as `addingWorkingDays`.
    public init(workingDays: Int, after start: CivilDate, calendar: WorkingDayCalendar) {
        self.start = start
        self.workingDays = max(0, workingDays)
        var date = start
        var counted: [CivilDate] = []
        var skipped: [SkippedDay] = []
        var missing: [Int] = []
        while counted.count < self.workingDays {
            date = date.adding(days: 1)
            if !calendar.covers(date), !missing.contains(date.year) { missing.append(date.year) }
            if calendar.isWorkingDay(date) {
                counted.append(date)
            } else {
                skipped.append(SkippedDay(date: date, reason: calendar.note(for: date) ?? "weekend"))
            }
        }
        let result = calendar.addingWorkingDays(self.workingDays, to: start)
        end = result.date
        provisional = result.provisional
        self.counted = counted
        self.skipped = skipped
        yearsNotLoaded = missing
    }
}

extension WorkingDayCalendar {
    /// From 1 December: the next year, when its official calendar is not loaded (deadlines reaching into it are
    /// provisional until it is); nil before December or when it is loaded.
    public func missingNextYear(on today: CivilDate) -> Int? {
        guard today.month == 12, !loadedYears.contains(today.year + 1) else { return nil }
        return today.year + 1
    }
}
