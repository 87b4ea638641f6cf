import Foundation
import PermitCore
import Postgres

/// The known cities, each with its province (work places, offices, employers' seats).
public enum Cities {
    /// Refuses a city key that is not in the `cities` table, saying how an operator adds one.
    static func require(_ key: String, field: String, on connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT 1 FROM cities WHERE key = \(key)")
        guard !rows.isEmpty else {
            throw StoreError.invalid(field, "unknown city '\(key)'; `permit cities` lists the known city keys, and an operator adds a city "
                + "with `permit cities add KEY --province PROVINCE --name-en NAME --name-zh 名称` (`permit cities provinces` lists the provinces)")
        }
    }

    /// Every known city, by key; only `province`'s when given.
    public static func list(province: String? = nil, pool: PostgresPool) async throws -> [City] {
        try await pool.withConnection { connection in
            if let province { try await requireProvince(province, on: connection) }
            return try await connection.query("""
                SELECT key, name_en, name_zh, coalesce(province, '') AS province FROM cities
                 WHERE \(province)::text IS NULL OR province = \(province)::text ORDER BY key
                """).map {
                City(key: try $0.decode("key"), nameEN: try $0.decode("name_en"), nameZH: try $0.decode("name_zh"),
                     province: try $0.decode("province"))
            }
        }
    }

    /// Every province-level division, by key.
    public static func provinces(pool: PostgresPool) async throws -> [Province] {
        try await pool.withConnection { connection in
            try await connection.query("SELECT key, name_en, name_zh, kind FROM provinces ORDER BY key").map {
                Province(key: try $0.decode("key"), nameEN: try $0.decode("name_en"), nameZH: try $0.decode("name_zh"),
                         kind: ProvinceKind(rawValue: try $0.decode("kind")) ?? .province)
            }
        }
    }

    /// Adds a city in a known province (an operator's act); every region covering the province covers it at once.
    public static func add(_ city: City, pool: PostgresPool) async throws -> City {
        guard City.isValidKey(city.key) else {
            throw StoreError.invalid("key", "'\(city.key)' is not a city key: lowercase ASCII pinyin, 2 to 41 letters, digits or _ (e.g. kunshan)")
        }
        let nameEN = try TextField.validated(city.nameEN, field: "name-en", maximum: 100)
        let nameZH = try TextField.validated(city.nameZH, field: "name-zh", maximum: 50)
        let added = City(key: city.key, nameEN: nameEN, nameZH: nameZH, province: city.province)
        return try await StoreTransaction.run(on: pool) { connection in
            try await requireProvince(city.province, on: connection)
            let inserted = try await connection.query("""
                INSERT INTO cities (key, name_en, name_zh, province) VALUES (\(added.key), \(nameEN), \(nameZH), \(added.province))
                ON CONFLICT (key) DO NOTHING
                """)
            guard inserted.affectedRows == 1 else {
                throw StoreError.invalid("key", "the city \(added.key) is already known")
            }
            return added
        }
    }

    static func requireProvince(_ key: String, on connection: PostgresConnection) async throws {
        guard try await !connection.query("SELECT 1 FROM provinces WHERE key = \(key)").isEmpty else {
            throw StoreError.invalid("province", "unknown province '\(key)'; `permit cities provinces` lists them (e.g. jiangsu, guangdong)")
        }
    }
}
