import Foundation

extension CivilDate {
    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(serial: serial + days)
    }

    /// The number of days from this date to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int {
        other.serial - serial
    }

    /// The ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let offset = (serial + 3) % 7
        return (offset < 0 ? offset + 7 : offset) + 1
    }

    /// True on Saturday and Sunday.
    public var isWeekend: Bool { weekday >= 6 }

    /// The same month and day `years` years later; 29 February becomes 28 February in a year without it.
    ///
    /// This is the "same date N years later" of the validity rule (see `ValidityPeriod`).
    public func adding(years: Int) -> CivilDate {
        let targetYear = year + years
        let targetDay = min(day, Self.daysIn(month: month, year: targetYear))
        return CivilDate(year: targetYear, month: month, day: targetDay)
    }

    /// The whole months from this date to `other`, counting a month only once its day is reached.
    public func wholeMonths(until other: CivilDate) -> Int {
        var months = (other.year - year) * 12 + (other.month - month)
        if other.day < day, other.day < Self.daysIn(month: other.month, year: other.year) { months -= 1 }
        return months
    }

    /// The calendar day that `now` falls on in `timeZone`.
    public static func today(in timeZone: TimeZone, now: Date) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// The first instant of this day in `timeZone`.
    public func startOfDay(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        if let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) {
            return calendar.startOfDay(for: date)
        }
        let utc = Date(timeIntervalSince1970: TimeInterval(serial) * 86_400)
        return utc.addingTimeInterval(-TimeInterval(timeZone.secondsFromGMT(for: utc)))
    }
}

extension CivilDate: CustomStringConvertible, LosslessStringConvertible {
    /// The `YYYY-MM-DD` form.
    public var description: String {
        let yearText = String(year)
        let paddedYear = String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
        return paddedYear + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }

    /// Parses the strict `YYYY-MM-DD` form.
    public init?(_ description: String) {
        self.init(iso: description)
    }
}

extension CivilDate: Codable {
    /// Decodes a strict `YYYY-MM-DD` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(text) is not a real day written as YYYY-MM-DD")
        }
        self = date
    }

    /// Encodes as a `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
