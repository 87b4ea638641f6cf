import Foundation

/// The places regions are made of, as `seeds/places.json` holds them: the provinces with their cities, and
/// the regions' memberships (whole provinces, areas of cities).
public struct Places: Sendable, Equatable {
    /// Province-level divisions.
    public var provinces: [Province]
    /// Known cities, each with its province key.
    public var cities: [City]
    /// Region memberships, keyed like the regions of the policy versions.
    public var regions: [RegionMembership]

    /// Makes places.
    public init(provinces: [Province] = [], cities: [City] = [], regions: [RegionMembership] = []) {
        self.provinces = provinces
        self.cities = cities
        self.regions = regions
    }

    /// No places at all (a policy book then knows only the cities its documents list).
    public static let empty = Places()
}

extension Places {
    /// The layout of `seeds/places.json`: each province lists its cities.
    struct File: Codable {
        struct ProvinceEntry: Codable {
            var key: String
            var nameEN: String
            var nameZH: String
            var kind: ProvinceKind
            var cities: [CityEntry]
        }
        struct CityEntry: Codable {
            var key: String
            var nameEN: String
            var nameZH: String
        }
        var notes: [String]?
        var provinces: [ProvinceEntry]
        var regions: [RegionMembership]
    }

    /// Decodes and checks a places file.
    public static func decode(_ data: Data) throws -> Places {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw SeedDataError(code: "places_file_unreadable", message: "the places file is not valid: \(error)")
        }
        let places = Places(
            provinces: file.provinces.map { Province(key: $0.key, nameEN: $0.nameEN, nameZH: $0.nameZH, kind: $0.kind) },
            cities: file.provinces.flatMap { province in
                province.cities.map { City(key: $0.key, nameEN: $0.nameEN, nameZH: $0.nameZH, province: province.key) }
            },
            regions: file.regions)
        try places.validate()
        return places
    }

    /// Loads `seeds/places.json` (or another file) from `url`.
    public static func load(contentsOf url: URL) throws -> Places {
        try decode(try Data(contentsOf: url))
    }

    /// Checks keys, that every city's province and every region's provinces and area cities are known, and that a
    /// municipality is its own city.
    public func validate() throws {
        try Self.requireUnique(provinces.map(\.key), what: "province")
        try Self.requireUnique(cities.map(\.key), what: "city")
        try Self.requireUnique(regions.map(\.key), what: "region")
        let provinceKeys = Set(provinces.map(\.key))
        let cityKeys = Set(cities.map(\.key))
        for city in cities where !provinceKeys.contains(city.province) {
            throw SeedDataError(code: "city_province_unknown", message: "city \(city.key) names the unknown province \(city.province)")
        }
        for province in provinces where province.kind == .municipality {
            guard cities.contains(where: { $0.key == province.key && $0.province == province.key }) else {
                throw SeedDataError(code: "municipality_city_missing", message: "municipality \(province.key) must list itself as its city")
            }
        }
        for region in regions {
            for province in region.provinces where !provinceKeys.contains(province) {
                throw SeedDataError(code: "region_province_unknown", message: "region \(region.key) covers the unknown province \(province)")
            }
            for area in region.areas {
                guard cityKeys.contains(area.city) else {
                    throw SeedDataError(code: "region_city_unknown", message: "region \(region.key) has an area in the unknown city \(area.city)")
                }
                guard !area.area.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw SeedDataError(code: "region_area_unnamed", message: "region \(region.key) has an area in \(area.city) without a name")
                }
            }
        }
    }

    private static func requireUnique(_ keys: [String], what: String) throws {
        var seen = Set<String>()
        for key in keys {
            guard City.isValidKey(key) else {
                throw SeedDataError(code: "\(what)_key_invalid", message: "\(what) key '\(key)' must be lowercase ASCII pinyin (a-z, 0-9, _)")
            }
            guard seen.insert(key).inserted else {
                throw SeedDataError(code: "\(what)_duplicate", message: "the \(what) key \(key) appears twice")
            }
        }
    }
}
