/// One year of the official Mainland calendar: statutory holidays and make-up working days (State Council notice).
public struct CalendarYear: Codable, Sendable, Equatable {
    /// The year.
    public var year: Int
    /// The notice the data comes from.
    public var source: String
    /// Days off (a range includes the weekend days inside it).
    public var holidays: [CalendarEntry]
    /// Weekend days worked to make up for a holiday.
    public var workingDays: [CalendarEntry]

    /// Makes a year.
    public init(year: Int, source: String, holidays: [CalendarEntry], workingDays: [CalendarEntry]) {
        self.year = year
        self.source = source
        self.holidays = holidays
        self.workingDays = workingDays
    }
}

/// A named day or range of days in the calendar (`"date"` or `"from"`/`"through"` in JSON).
public struct CalendarEntry: Codable, Sendable, Equatable {
    /// What the day is ("Spring Festival", "Spring Festival make-up day").
    public var name: String
    /// The first day.
    public var from: CivilDate
    /// The last day (the same as `from` for a single day).
    public var through: CivilDate

    /// Makes an entry covering `from...through`.
    public init(name: String, from: CivilDate, through: CivilDate) {
        self.name = name
        self.from = from
        self.through = through
    }

    /// Makes a single-day entry.
    public init(name: String, date: CivilDate) {
        self.init(name: name, from: date, through: date)
    }

    /// Every day of the entry, in order.
    public var dates: [CivilDate] {
        let count = max(0, from.days(until: through))
        return (0...count).map { from.adding(days: $0) }
    }

    enum CodingKeys: String, CodingKey { case name, date, from, through }

    /// Decodes `{"name", "date"}` or `{"name", "from", "through"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        if let date = try container.decodeIfPresent(CivilDate.self, forKey: .date) {
            from = date
            through = date
        } else {
            from = try container.decode(CivilDate.self, forKey: .from)
            through = try container.decode(CivilDate.self, forKey: .through)
        }
    }

    /// Encodes a single day as `date`, a range as `from`/`through`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        if from == through {
            try container.encode(from, forKey: .date)
        } else {
            try container.encode(from, forKey: .from)
            try container.encode(through, forKey: .through)
        }
    }
}
