import Foundation

/// The instant a command acts at: the real clock, or an instant chosen with `--as-of` or `PERMIT_NOW`.
///
/// A chosen instant is written `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`, wall time in Asia/Shanghai (the policy
/// time zone). A bare date means the last second of that day (23:59:59), for every command: a worker run
/// "as of" a day then picks up everything done "as of" that day, and acts done on one day keep their order
/// by history sequence. History rows carry `instant` in `at`.
public struct ActingTime: Sendable, Equatable, CustomStringConvertible {
    /// The instant.
    public let instant: Date
    /// True when the instant was chosen (`--as-of`, `PERMIT_NOW`) rather than read from the clock.
    public let isChosen: Bool

    /// The zone chosen instants are written in (Asia/Shanghai, the policy time zone).
    public static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// How far a history row's instant may be from the server's clock in a production database (5 minutes).
    public static let productionTolerance: TimeInterval = 300

    /// The real clock at `now`.
    public static func clock(_ now: Date = Date()) -> ActingTime {
        ActingTime(instant: now, isChosen: false)
    }

    /// A chosen instant.
    public static func chosen(_ instant: Date) -> ActingTime {
        ActingTime(instant: instant, isChosen: true)
    }

    private init(instant: Date, isChosen: Bool) {
        self.instant = instant
        self.isChosen = isChosen
    }

    /// Parses `YYYY-MM-DD` (the end of that day) or `YYYY-MM-DDTHH:MM[:SS]` in `zone`; nil for anything else.
    public init?(parsing text: String, in zone: TimeZone = ActingTime.zone) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard let date = CivilDate(iso: String(parts[0])) else { return nil }
        guard parts.count == 2 else {
            self.init(instant: Self.endOfDay(date, in: zone), isChosen: true)
            return
        }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second, (0..<60).contains(second) else { return nil }
        let offset = TimeInterval(hour * 3600 + minute * 60 + second)
        self.init(instant: date.startOfDay(in: zone).addingTimeInterval(offset), isChosen: true)
    }

    /// The last second of `day` in `zone` (23:59:59 local): what a bare date means.
    public static func endOfDay(_ day: CivilDate, in zone: TimeZone = ActingTime.zone) -> Date {
        day.adding(days: 1).startOfDay(in: zone).addingTimeInterval(-1)
    }

    /// The calendar day of the instant in `zone`.
    public func day(in zone: TimeZone = ActingTime.zone) -> CivilDate {
        CivilDate.today(in: zone, now: instant)
    }

    /// True when the instant lies within `tolerance` seconds of `now`, either side.
    public func isWithin(_ tolerance: TimeInterval, of now: Date) -> Bool {
        abs(instant.timeIntervalSince(now)) <= tolerance
    }

    /// `2026-09-29T23:59:59+08:00`.
    public var description: String { Self.format(instant) }

    /// `instant` as ISO 8601 wall time in Asia/Shanghai, e.g. `2026-09-29T23:59:59+08:00`.
    public static func format(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        return formatter.string(from: instant)
    }
}
