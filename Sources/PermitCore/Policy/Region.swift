/// A group of cities where talent categories may be granted from a given date.
public struct Region: Codable, Sendable, Equatable {
    /// Stable key ("gba", "yrd", "hetao_shenzhen_park").
    public var key: String
    /// English name.
    public var nameEN: String
    /// Chinese name.
    public var nameZH: String
    /// The first day applications from this region may be accepted.
    public var inForceFrom: CivilDate
    /// The categories granted in this region.
    public var categories: [TalentCategory]
    /// City keys (see `City`).
    public var cities: [String]
    /// A remark for readers, e.g. that a list is an assumption to check.
    public var note: String?

    /// Makes a region.
    public init(
        key: String, nameEN: String, nameZH: String, inForceFrom: CivilDate,
        categories: [TalentCategory], cities: [String], note: String? = nil
    ) {
        self.key = key
        self.nameEN = nameEN
        self.nameZH = nameZH
        self.inForceFrom = inForceFrom
        self.categories = categories
        self.cities = cities
        self.note = note
    }

    /// True when this region grants `category` to people working in `city` on `date`.
    public func grants(_ category: TalentCategory, in city: String, on date: CivilDate) -> Bool {
        inForceFrom <= date && categories.contains(category) && cities.contains(city)
    }
}
