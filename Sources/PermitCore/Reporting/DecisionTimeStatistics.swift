/// How long decisions took, in working days from acceptance to decision, as offices publish them:
/// "half of the cases were decided within p50 working days, nine in ten within p90".
public struct DecisionTimeStatistics: Sendable, Equatable, Codable {
    /// The window, in calendar days back from today.
    public let windowDays: Int
    /// Cases decided in the window.
    public let decided: Int
    /// The median (nearest rank), nil when nothing was decided.
    public let p50: Int?
    /// The 90th percentile (nearest rank), nil when nothing was decided.
    public let p90: Int?
    /// The longest.
    public let longest: Int?
    /// Decided within the 7-working-day limit.
    public let withinLimit: Int

    /// One decided case: the day it was accepted and the day it was decided.
    public struct Decision: Sendable, Equatable {
        /// The acceptance day (the clock's start; the day itself is not counted).
        public let acceptedOn: CivilDate
        /// The decision day.
        public let decidedOn: CivilDate

        /// Creates a decision.
        public init(acceptedOn: CivilDate, decidedOn: CivilDate) {
            self.acceptedOn = acceptedOn
            self.decidedOn = decidedOn
        }
    }

    /// The statistics of the `decisions` made in the `windowDays` days through `today` (decisions outside are ignored).
    public init(_ decisions: [Decision], windowDays: Int, today: CivilDate, limit: Int = 7, calendar: WorkingDayCalendar) {
        let start = today.adding(days: -windowDays)
        let durations = decisions
            .filter { $0.decidedOn > start && $0.decidedOn <= today }
            .map { calendar.workingDays(after: $0.acceptedOn, through: $0.decidedOn).count }
            .sorted()
        self.windowDays = windowDays
        decided = durations.count
        p50 = Self.nearestRank(0.5, of: durations)
        p90 = Self.nearestRank(0.9, of: durations)
        longest = durations.last
        withinLimit = durations.filter { $0 <= limit }.count
    }

    /// The nearest-rank percentile of sorted `values`: the smallest value with at least `fraction` of all at or below it.
    public static func nearestRank(_ fraction: Double, of values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let rank = Int((fraction * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }
}
