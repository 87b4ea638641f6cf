/// The periods that drive a case's deadlines.
public struct DeadlineRules: Codable, Sendable, Equatable {
    /// Missing documents must be notified (once, in full) within this period of submission.
    public var completenessNotice: Period
    /// The applicant has this long to supply missing documents before the case lapses.
    public var supplementation: Period
    /// A decision is due within this period of acceptance.
    public var decision: Period
    /// The decision period after a supervisor's extension.
    public var extendedDecision: Period

    /// Makes the rules.
    public init(completenessNotice: Period, supplementation: Period, decision: Period, extendedDecision: Period) {
        self.completenessNotice = completenessNotice
        self.supplementation = supplementation
        self.decision = decision
        self.extendedDecision = extendedDecision
    }
}

/// A length of time counted in working days or calendar days; the start day is never counted.
public struct Period: Codable, Sendable, Equatable, CustomStringConvertible {
    /// How many units.
    public var count: Int
    /// Working days (from the calendar) or calendar days.
    public var unit: PeriodUnit

    /// Makes a period.
    public init(count: Int, unit: PeriodUnit) {
        self.count = count
        self.unit = unit
    }

    /// "7 working days", "30 calendar days".
    public var description: String { "\(count) \(unit == .workingDays ? "working" : "calendar") days" }

    /// The last day of the period starting on `start` (count begins the next day); provisional if the calendar did not cover it.
    public func end(from start: CivilDate, calendar: WorkingDayCalendar) -> (date: CivilDate, provisional: Bool) {
        switch unit {
        case .workingDays: return calendar.addingWorkingDays(count, to: start)
        case .calendarDays: return (start.adding(days: count), false)
        }
    }
}

/// The unit a period is counted in.
public enum PeriodUnit: String, Codable, Sendable {
    /// Working days per the official calendar (statutory holidays excluded, make-up days included).
    case workingDays = "working_days"
    /// Every day.
    case calendarDays = "calendar_days"
}
