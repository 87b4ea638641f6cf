import Foundation
import PermitCore
import Postgres

/// Reads the places regions are made of from the database: provinces, cities with their province, and the
/// regions' memberships (whole provinces, areas).
enum PlacesReading {
    static func load(on connection: PostgresConnection) async throws -> Places {
        let provinces = try await connection.query("SELECT key, name_en, name_zh, kind FROM provinces ORDER BY key").map { row in
            Province(key: try row.decode("key"), nameEN: try row.decode("name_en"), nameZH: try row.decode("name_zh"),
                     kind: ProvinceKind(rawValue: try row.decode("kind")) ?? .province)
        }
        let cities = try await connection.query("SELECT key, name_en, name_zh, coalesce(province, '') AS province FROM cities ORDER BY key").map { row in
            City(key: try row.decode("key"), nameEN: try row.decode("name_en"), nameZH: try row.decode("name_zh"),
                 province: try row.decode("province"))
        }
        var provincesByRegion: [String: [String]] = [:]
        for row in try await connection.query("SELECT region, province FROM region_provinces ORDER BY region, province") {
            provincesByRegion[try row.decode("region"), default: []].append(try row.decode("province"))
        }
        var areasByRegion: [String: [RegionArea]] = [:]
        for row in try await connection.query("SELECT region, city, area FROM region_areas ORDER BY region, city, area") {
            areasByRegion[try row.decode("region"), default: []].append(RegionArea(city: try row.decode("city"), area: try row.decode("area")))
        }
        let regions = try await connection.query("SELECT key, name_en, name_zh, source FROM regions ORDER BY key").map { row in
            let key: String = try row.decode("key")
            let source: String = try row.decode("source")
            return RegionMembership(key: key, nameEN: try row.decode("name_en"), nameZH: try row.decode("name_zh"),
                                    provinces: provincesByRegion[key] ?? [], areas: areasByRegion[key] ?? [],
                                    source: source.isEmpty ? nil : source)
        }
        return Places(provinces: provinces, cities: cities, regions: regions)
    }
}
