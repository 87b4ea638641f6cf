/// A calendar day as PostgreSQL's `date` (no time zone).
public struct PostgresDate: Sendable, Hashable, Comparable, Codable, PostgresEncodable, PostgresDecodable, CustomStringConvertible {
    /// The Gregorian year, e.g. 2026.
    public var year: Int
    /// The month, 1…12.
    public var month: Int
    /// The day of the month, 1…31.
    public var day: Int

    /// Creates a day from its fields as given (not checked; use `init?(iso:)` for untrusted input).
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses strict `YYYY-MM-DD` naming a real calendar day; nil otherwise (e.g. `2026-02-30`).
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        var scanner = DigitScanner(bytes)
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2), scanner.isAtEnd,
              year >= 1, (1...12).contains(month), (1...CivilDay.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(year: Int(year), month: Int(month), day: Int(day))
    }

    /// `YYYY-MM-DD`.
    public var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    /// `YYYY-MM-DD`, PostgreSQL's ISO date input.
    public var postgresText: String { description }

    /// Parses PostgreSQL's ISO date output `YYYY-MM-DD`.
    public init(postgresText: String) throws {
        guard let date = PostgresDate(iso: postgresText) else { throw PostgresError.badText(postgresText, as: PostgresDate.self) }
        self = date
    }

    /// Orders days chronologically.
    public static func < (lhs: PostgresDate, rhs: PostgresDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes from a single `YYYY-MM-DD` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = PostgresDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not a calendar day in YYYY-MM-DD form")
        }
        self = date
    }

    /// Encodes as a single `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
