import Foundation
import PermitCore
import Postgres

/// A region as people look it up: its membership, its dates and categories in the latest policy version that
/// has it, and every known city it covers.
public struct RegionSummary: Sendable, Equatable, Codable {
    /// The region key.
    public let key: String
    /// English and Chinese names.
    public let nameEn: String, nameZh: String
    /// The first day applications from the region are accepted (latest policy version naming it), if any names it.
    public let inForceFrom: CivilDate?
    /// The categories it grants (latest policy version naming it).
    public let categories: [String]
    /// Provinces covered whole.
    public let provinces: [String]
    /// Areas of cities.
    public let areas: [RegionArea]
    /// Every known city the region covers (document list, whole provinces, areas), by key.
    public let cities: [String]
    /// Where the definition comes from.
    public let source: String?
}

/// The regions' memberships: listing them and adding areas (an operator's act).
public enum RegionRegistry {
    /// Every region with a membership or named by a policy version, with the cities it covers.
    public static func list(pool: PostgresPool) async throws -> [RegionSummary] {
        let book = try await pool.withConnection { try await ReferenceData.load(on: $0).policies }
        let keys = Set(book.memberships.map(\.key)).union(book.policies.flatMap { $0.regions.map(\.key) })
        return keys.sorted().map { summary(of: $0, in: book) }
    }

    /// One region.
    public static func show(_ key: String, pool: PostgresPool) async throws -> RegionSummary {
        let book = try await pool.withConnection { try await ReferenceData.load(on: $0).policies }
        guard book.membership(key) != nil || book.policies.contains(where: { $0.regions.contains { $0.key == key } }) else {
            throw StoreError(.notFound, "region: no region has the key \(key); `permit regions` lists them", field: "region")
        }
        return summary(of: key, in: book)
    }

    /// Adds an area in a known city to a region (a pilot free trade zone's new area): the city is covered at once.
    public static func addArea(region: String, city: String, area: String, pool: PostgresPool) async throws -> RegionArea {
        let name = try TextField.validated(area, field: "area", maximum: 200)
        return try await StoreTransaction.run(on: pool) { connection in
            guard try await !connection.query("SELECT 1 FROM regions WHERE key = \(region)").isEmpty else {
                throw StoreError.invalid("region", "no region '\(region)' has a membership; `permit regions` lists them (e.g. ftz_hubei)")
            }
            try await Cities.require(city, field: "city", on: connection)
            let inserted = try await connection.query("""
                INSERT INTO region_areas (region, city, area) VALUES (\(region), \(city), \(name)) ON CONFLICT DO NOTHING
                """)
            guard inserted.affectedRows == 1 else {
                throw StoreError.invalid("area", "region \(region) already has the area \(name) in \(city)")
            }
            return RegionArea(city: city, area: name)
        }
    }

    private static func summary(of key: String, in book: PolicyBook) -> RegionSummary {
        let membership = book.membership(key)
        let stated = book.policies.last { $0.regions.contains { $0.key == key } }?.regions.first { $0.key == key }
        let document = stated ?? Region(key: key, nameEN: membership?.nameEN ?? key, nameZH: membership?.nameZH ?? "",
                                        inForceFrom: CivilDate(year: 9999, month: 12, day: 31), categories: [], cities: [])
        let covered = Set(book.cities.map(\.key).filter { book.region(document, covers: $0) }).union(document.cities)
        return RegionSummary(
            key: key, nameEn: membership?.nameEN ?? document.nameEN, nameZh: membership?.nameZH ?? document.nameZH,
            inForceFrom: stated?.inForceFrom, categories: stated?.categories.map(\.rawValue) ?? [],
            provinces: membership?.provinces ?? [], areas: membership?.areas ?? [], cities: covered.sorted(),
            source: membership?.source)
    }
}
