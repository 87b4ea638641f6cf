/// The decision clock: working days used since acceptance, stopped while the case waits for documents.
///
/// Counting rule (Administrative Licensing Law): the day a period starts is not counted. While
/// running, the deadline is the (limit − used)th working day after `runningSince`. Pausing on day P
/// counts the working days in (runningSince, P] as used; resuming on day R restarts the count the day
/// after R, so neither the waiting days nor the day documents arrive are counted.
public struct DecisionClock: Codable, Sendable, Equatable {
    /// The decision period in working days (7, or 20 once extended).
    public var limitWorkingDays: Int
    /// Working days used before the current run.
    public var usedWorkingDays: Int
    /// The day the current run counts from (nil when stopped or not started).
    public var runningSince: CivilDate?
    /// The day the clock was stopped (nil when running or not started).
    public var pausedOn: CivilDate?
    /// True once a supervisor extended the period.
    public var extended: Bool

    /// A clock that has not started.
    public init(limitWorkingDays: Int = 0, usedWorkingDays: Int = 0, runningSince: CivilDate? = nil, pausedOn: CivilDate? = nil, extended: Bool = false) {
        self.limitWorkingDays = limitWorkingDays
        self.usedWorkingDays = usedWorkingDays
        self.runningSince = runningSince
        self.pausedOn = pausedOn
        self.extended = extended
    }

    /// True while counting.
    public var isRunning: Bool { runningSince != nil }

    /// Starts counting `limit` working days from `day` (not counted).
    public mutating func start(on day: CivilDate, limit: Int) {
        limitWorkingDays = limit
        usedWorkingDays = 0
        runningSince = day
        pausedOn = nil
    }

    /// Stops the clock on `day`, keeping the working days used so far.
    public mutating func pause(on day: CivilDate, calendar: WorkingDayCalendar) {
        guard let since = runningSince else { return }
        usedWorkingDays += calendar.workingDays(after: since, through: day).count
        runningSince = nil
        pausedOn = day
    }

    /// Restarts the clock on `day` (not counted).
    public mutating func resume(on day: CivilDate) {
        guard runningSince == nil, pausedOn != nil else { return }
        runningSince = day
        pausedOn = nil
    }

    /// Lengthens the period to `limit` working days.
    public mutating func extend(to limit: Int) {
        limitWorkingDays = max(limitWorkingDays, limit)
        extended = true
    }

    /// The last day to decide while running, and whether it is provisional; nil when stopped.
    public func deadline(calendar: WorkingDayCalendar) -> (date: CivilDate, provisional: Bool)? {
        guard let since = runningSince else { return nil }
        return calendar.addingWorkingDays(max(0, limitWorkingDays - usedWorkingDays), to: since)
    }
}
