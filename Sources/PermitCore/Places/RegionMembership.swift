/// Which cities a region covers besides those its policy document lists: whole provinces (the Yangtze River
/// Delta and Beijing–Tianjin–Hebei "全域"), and named areas in cities (a pilot free trade zone's areas).
///
/// Membership is data an operator extends (`permit cities add`, `permit regions add-area`): a city belongs to
/// a whole-province region as soon as it is known with that province. The region's dates and categories stay in
/// the policy versions, keyed by the same region key.
public struct RegionMembership: Codable, Sendable, Equatable {
    /// The region key, as in the policy versions ("yrd", "ftz_hubei").
    public var key: String
    /// English name.
    public var nameEN: String
    /// Chinese name.
    public var nameZH: String
    /// Keys of provinces the region covers whole.
    public var provinces: [String]
    /// Named areas of cities the region covers (each area puts its city in the region).
    public var areas: [RegionArea]
    /// Where the definition comes from (an announcement), for people.
    public var source: String?

    /// Makes a membership.
    public init(key: String, nameEN: String, nameZH: String, provinces: [String] = [], areas: [RegionArea] = [], source: String? = nil) {
        self.key = key
        self.nameEN = nameEN
        self.nameZH = nameZH
        self.provinces = provinces
        self.areas = areas
        self.source = source
    }

    /// True when the region covers `city`: its province is covered whole, or one of the region's areas lies in it.
    public func covers(_ city: City) -> Bool {
        (!city.province.isEmpty && provinces.contains(city.province)) || areas.contains { $0.city == city.key }
    }
}

/// A named area of a city that belongs to a region (e.g. Nansha in Guangzhou, of the Guangdong pilot FTZ).
public struct RegionArea: Codable, Sendable, Hashable {
    /// The city key.
    public var city: String
    /// The area's name, e.g. "Nansha".
    public var area: String

    /// Makes an area.
    public init(city: String, area: String) {
        self.city = city
        self.area = area
    }
}
