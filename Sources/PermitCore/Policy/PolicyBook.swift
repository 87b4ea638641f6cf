import Foundation

/// Every loaded policy version (ordered by effective date), the known cities with their provinces, and the
/// regions' memberships (which cities a region covers beyond the ones its policy document lists).
public struct PolicyBook: Sendable {
    /// The versions, oldest first.
    public let policies: [Policy]
    /// The known cities (a place of work must be one of them when the list is not empty).
    public let cities: [City]
    /// The province-level divisions.
    public let provinces: [Province]
    /// Region memberships by whole province and by area.
    public let memberships: [RegionMembership]
    private let citiesByKey: [String: City]
    private let membershipsByKey: [String: RegionMembership]

    /// Makes a book; versions are sorted by effective date.
    public init(policies: [Policy], cities: [City] = [], provinces: [Province] = [], memberships: [RegionMembership] = []) {
        self.policies = policies.sorted { $0.effectiveFrom < $1.effectiveFrom }
        self.cities = cities
        self.provinces = provinces
        self.memberships = memberships
        citiesByKey = Dictionary(cities.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        membershipsByKey = Dictionary(memberships.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Makes a book from policy versions and the places their regions are made of.
    public init(policies: [Policy], places: Places) {
        self.init(policies: policies, cities: places.cities, provinces: places.provinces, memberships: places.regions)
    }

    /// The version governing submissions on `date`: the latest one effective on or before it.
    public func inForce(on date: CivilDate) -> Policy? {
        policies.last { $0.effectiveFrom <= date }
    }

    /// The version with identifier `id`.
    public func version(_ id: String) -> Policy? {
        policies.first { $0.version == id }
    }

    /// The city with `key`, if known.
    public func city(_ key: String) -> City? {
        citiesByKey[key]
    }

    /// True when `key` names a known city (every city counts as known when no list was loaded).
    public func isKnownCity(_ key: String) -> Bool {
        cities.isEmpty || citiesByKey[key] != nil
    }

    /// The membership of the region with `key`, if one is defined.
    public func membership(_ key: String) -> RegionMembership? {
        membershipsByKey[key]
    }

    /// True when `region` covers the city `cityKey`: its policy document lists the city, or its membership does
    /// (the city's province is covered whole, or one of the region's areas lies in the city).
    ///
    /// A pinned document's list is never narrowed; membership data can only add cities to it.
    public func region(_ region: Region, covers cityKey: String) -> Bool {
        if region.cities.contains(cityKey) { return true }
        guard let membership = membershipsByKey[region.key], let city = citiesByKey[cityKey] else { return false }
        return membership.covers(city)
    }

    /// The time zone dates are counted in (from the latest version).
    public var timeZone: TimeZone {
        policies.last?.zone ?? TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
    }
}

extension PolicyBook {
    /// The layout of `seeds/policy.json` (`cities` only in files written before `places.json` held them).
    struct File: Codable {
        var notes: [String]?
        var cities: [City]?
        var policies: [Policy]
    }

    /// Decodes and checks a policy file (`seeds/policy.json`) against `places` (its regions' cities must be known).
    public static func decode(_ data: Data, places: Places = .empty) throws -> PolicyBook {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw SeedDataError(code: "policy_file_unreadable", message: "the policy file is not valid: \(error)")
        }
        var places = places
        if places.cities.isEmpty, let cities = file.cities { places.cities = cities }
        let book = PolicyBook(policies: file.policies, places: places)
        try book.validate()
        return book
    }

    /// Loads `seeds/policy.json` (or another file) from `url`, with no places beyond the cities it lists itself.
    public static func load(contentsOf url: URL) throws -> PolicyBook {
        try decode(try Data(contentsOf: url))
    }

    /// Loads a seeds folder: `policy.json` and `places.json` (provinces, cities, region memberships).
    public static func load(seeds directory: URL) throws -> PolicyBook {
        let places = try Places.load(contentsOf: directory.appendingPathComponent("places.json"))
        return try decode(try Data(contentsOf: directory.appendingPathComponent("policy.json")), places: places)
    }

    /// Checks the book for contradictions a reader could miss.
    public func validate() throws {
        var seenVersions = Set<String>()
        var seenDates = Set<CivilDate>()
        let cityKeys = Set(cities.map(\.key))
        if cityKeys.count != cities.count {
            throw SeedDataError(code: "city_duplicate", message: "a city key appears twice in the city list")
        }
        for policy in policies {
            guard seenVersions.insert(policy.version).inserted else {
                throw SeedDataError(code: "policy_version_duplicate", message: "policy version \(policy.version) appears twice")
            }
            guard seenDates.insert(policy.effectiveFrom).inserted else {
                throw SeedDataError(
                    code: "policy_date_duplicate", message: "two policy versions start on \(policy.effectiveFrom)")
            }
            guard TimeZone(identifier: policy.timeZone) != nil else {
                throw SeedDataError(code: "policy_time_zone", message: "policy \(policy.version): unknown time zone \(policy.timeZone)")
            }
            try validate(policy, cityKeys: cityKeys)
        }
    }

    private func validate(_ policy: Policy, cityKeys: Set<String>) throws {
        let categories = policy.categories.map(\.category)
        if Set(categories).count != categories.count {
            throw SeedDataError(code: "category_duplicate", message: "policy \(policy.version): a category has two rules")
        }
        for rule in policy.categories where rule.validityYears < 1 {
            throw SeedDataError(code: "validity_invalid", message: "policy \(policy.version): \(rule.category.rawValue) validity must be at least 1 year")
        }
        for region in policy.regions {
            for city in region.cities where !cityKeys.isEmpty && !cityKeys.contains(city) {
                throw SeedDataError(
                    code: "region_city_unknown",
                    message: "policy \(policy.version): region \(region.key) lists \(city), which is not in the city list")
            }
            for category in region.categories where !categories.contains(category) {
                throw SeedDataError(
                    code: "region_category_unknown",
                    message: "policy \(policy.version): region \(region.key) grants \(category.rawValue), which has no category rule")
            }
        }
        for period in [policy.deadlines.decision, policy.deadlines.extendedDecision] where period.unit != .workingDays {
            throw SeedDataError(code: "decision_period_unit", message: "policy \(policy.version): decision periods are counted in working days")
        }
        let limits = policy.fees.endorsementBands.map { $0.upToMonths ?? Int.max }
        if limits.isEmpty || limits != limits.sorted() || policy.fees.endorsementBands.last?.upToMonths != nil {
            throw SeedDataError(
                code: "fee_bands_invalid",
                message: "policy \(policy.version): fee bands must ascend and end with an open band (upToMonths null)")
        }
    }
}
