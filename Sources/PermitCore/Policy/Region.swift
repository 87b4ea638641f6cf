/// A group of cities where talent categories may be granted from a given date, as a policy version states it.
///
/// The cities listed here are the document's own; `PolicyBook.region(_:covers:)` adds those the region's
/// membership data covers (whole provinces, areas), so a pinned document's list is a floor, never the whole truth.
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
    /// City keys the document lists (see `City`); membership data may add more (see `RegionMembership`).
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

    /// True when this region grants `category` on `date` (wherever it applies; see `PolicyBook.region(_:covers:)`).
    public func grants(_ category: TalentCategory, on date: CivilDate) -> Bool {
        inForceFrom <= date && categories.contains(category)
    }
}
