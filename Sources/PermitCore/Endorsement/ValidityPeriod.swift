/// The days an endorsement is valid: from its first day through its last day, both included.
///
/// Rule: valid from the issue date through the day before the same date N years later. The "same
/// date" of 29 February in a year without one is 28 February, so an endorsement issued on
/// 2024-02-29 for 3 years is valid through 2027-02-27 (one day shorter than the other
/// dates' N years). This never makes a validity longer than N years.
public struct ValidityPeriod: Sendable, Equatable, CustomStringConvertible {
    /// The first valid day.
    public var from: CivilDate
    /// The last valid day.
    public var until: CivilDate

    /// Makes a period.
    public init(from: CivilDate, until: CivilDate) {
        self.from = from
        self.until = until
    }

    /// The validity of an endorsement starting on `first` for `years` years.
    public static func starting(on first: CivilDate, years: Int) -> ValidityPeriod {
        ValidityPeriod(from: first, until: first.adding(years: years).adding(days: -1))
    }

    /// The number of days covered, both ends included.
    public var dayCount: Int { from.days(until: until) + 1 }

    /// "2026-03-01…2029-02-28".
    public var description: String { "\(from)…\(until)" }
}
