import Foundation

/// A calendar day with no time and no time zone (a date as written on a form: `2026-02-28`).
///
/// Arithmetic is exact proleptic-Gregorian day counting; no `Calendar` is involved except when
/// converting to or from an instant (`today(in:now:)`, `startOfDay(in:)`).
public struct CivilDate: Sendable, Hashable, Comparable {
    /// The year, e.g. 2026.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31.
    public let day: Int

    /// Makes a date, normalising out-of-range parts instead of trapping (2026-02-30 becomes 2026-03-02).
    ///
    /// Use `init?(validatingYear:month:day:)` or `init?(iso:)` for user input.
    public init(year: Int, month: Int, day: Int) {
        let monthIndex = year * 12 + (month - 1)
        let normalisedYear = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let normalisedMonth = monthIndex - normalisedYear * 12 + 1
        let serial = Self.serial(year: normalisedYear, month: normalisedMonth, day: 1) + (day - 1)
        self.init(serial: serial)
    }

    /// Makes a date only if it is a real day (rejects 2026-02-30 and month 13).
    public init?(validatingYear year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses a strict `YYYY-MM-DD` string naming a real day (rejects `2026-1-1`, `2026-02-30`, `2026-13-01`).
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(validatingYear: year, month: month, day: day)
    }

    /// Makes the date `serial` days after 1970-01-01.
    init(serial: Int) {
        let (year, month, day) = Self.civil(fromSerial: serial)
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before it).
    var serial: Int { Self.serial(year: year, month: month, day: day) }

    /// True when `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Orders dates chronologically.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    private static func serial(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromSerial serial: Int) -> (Int, Int, Int) {
        let shifted = serial + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPart = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPart + 2) / 5 + 1
        let month = monthPart < 10 ? monthPart + 3 : monthPart - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
