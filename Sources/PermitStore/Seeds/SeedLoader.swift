import Foundation
import Logging
import PermitCore
import Postgres

/// What `permit seed` loaded.
public struct SeedReport: Sendable, Equatable, Codable {
    /// Policy versions newly loaded.
    public var policiesLoaded: [String] = []
    /// Policy versions already present, unchanged.
    public var policiesUnchanged: [String] = []
    /// Cities known after loading.
    public var cities = 0
    /// Province-level divisions known after loading.
    public var provinces = 0
    /// Regions with a membership (whole provinces, areas) after loading.
    public var regions = 0
    /// Calendar years loaded or refreshed.
    public var calendarYears: [Int] = []

    /// An empty report.
    public init() {}
}

/// Loads `seeds/` (the policy book, the places its regions are made of, and the working-day calendars) into the
/// database, and brings the database's history rules up to this build's workflow tables.
///
/// Safe to re-run: unchanged data is left as it is. A policy version already loaded with other content is
/// refused (cases pin versions: publish a change as a new version with a later effective date). Places are
/// added and their names refreshed; cities and areas an operator added are never removed.
public enum SeedLoader {
    /// Reads and validates the seed files, then writes them in one transaction.
    public static func load(from directory: URL, pool: PostgresPool, logger: Logger) async throws -> SeedReport {
        let book: PolicyBook
        let calendar: WorkingDayCalendar
        do {
            book = try PolicyBook.load(seeds: directory)
            calendar = try WorkingDayCalendar.load(directory: directory.appendingPathComponent("calendar"))
        } catch {
            throw StoreError.invalid("seeds", "\(directory.path): \(error)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let policies = try book.policies.map { ($0, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        let years = try calendar.years.map { ($0, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        return try await StoreTransaction.run(on: pool) { connection in
            var report = try await loadPlaces(of: book, on: connection)
            for (policy, document) in policies {
                let existing = try await connection.query("""
                    SELECT document = \(document)::jsonb AS same FROM policy_versions WHERE version = \(policy.version)
                    """)
                if let row = existing.first {
                    guard try row.decode("same", as: Bool.self) else {
                        throw StoreError.refused(Refusal(code: "policy_version_changed",
                            message: "policy version \(policy.version) is already loaded with different content; cases pin it, so publish the change as a new version with a later effective date"))
                    }
                    report.policiesUnchanged.append(policy.version)
                    continue
                }
                try await connection.query("""
                    INSERT INTO policy_versions (version, effective_from, document)
                    VALUES (\(policy.version), \(policy.effectiveFrom.postgres), \(document)::jsonb)
                    """)
                report.policiesLoaded.append(policy.version)
            }
            for (year, document) in years {
                try await connection.query("""
                    INSERT INTO calendar_years (year, source, document) VALUES (\(year.year), \(year.source), \(document)::jsonb)
                    ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, document = EXCLUDED.document, loaded_at = now()
                    """)
                try await connection.query("""
                    DELETE FROM calendar_days WHERE day >= make_date(\(year.year), 1, 1) AND day < make_date(\(year.year + 1), 1, 1)
                    """)
                let days = WorkingDayCalendar(years: [year]).days.filter { $0.date.year == year.year }
                if !days.isEmpty {
                    let lines = days.map { "\($0.date)\t\($0.isWorkingDay ? "t" : "f")\t\(PostgresConnection.copyText($0.note))" }
                    _ = try await connection.copyIn("COPY calendar_days (day, is_working_day, note) FROM STDIN", lines: lines)
                }
                report.calendarYears.append(year.year)
            }
            try await HistoryRules.sync(on: connection)
            logger.info("seeds loaded", metadata: ["policies": "\(report.policiesLoaded)", "years": "\(report.calendarYears)"])
            return report
        }
    }

    /// Provinces, cities and region memberships: inserted or renamed, never removed.
    private static func loadPlaces(of book: PolicyBook, on connection: PostgresConnection) async throws -> SeedReport {
        let provinces = book.provinces
        try await connection.query("""
            INSERT INTO provinces (key, name_en, name_zh, kind)
            SELECT * FROM unnest(\(provinces.map(\.key))::text[], \(provinces.map(\.nameEN))::text[],
                                 \(provinces.map(\.nameZH))::text[], \(provinces.map(\.kind.rawValue))::text[])
            ON CONFLICT (key) DO UPDATE SET name_en = EXCLUDED.name_en, name_zh = EXCLUDED.name_zh, kind = EXCLUDED.kind
            """)
        let cities = book.cities
        try await connection.query("""
            INSERT INTO cities (key, name_en, name_zh, province)
            SELECT key, name_en, name_zh, nullif(province, '')
              FROM unnest(\(cities.map(\.key))::text[], \(cities.map(\.nameEN))::text[], \(cities.map(\.nameZH))::text[],
                          \(cities.map(\.province))::text[]) AS c(key, name_en, name_zh, province)
            ON CONFLICT (key) DO UPDATE
               SET name_en = EXCLUDED.name_en, name_zh = EXCLUDED.name_zh, province = coalesce(EXCLUDED.province, cities.province)
            """)
        for region in book.memberships {
            try await connection.query("""
                INSERT INTO regions (key, name_en, name_zh, source) VALUES (\(region.key), \(region.nameEN), \(region.nameZH), \(region.source ?? ""))
                ON CONFLICT (key) DO UPDATE SET name_en = EXCLUDED.name_en, name_zh = EXCLUDED.name_zh, source = EXCLUDED.source
                """)
            try await connection.query("""
                INSERT INTO region_provinces (region, province) SELECT \(region.key), p FROM unnest(\(region.provinces)::text[]) AS p
                ON CONFLICT DO NOTHING
                """)
            try await connection.query("""
                INSERT INTO region_areas (region, city, area)
                SELECT \(region.key), c, a FROM unnest(\(region.areas.map(\.city))::text[], \(region.areas.map(\.area))::text[]) AS x(c, a)
                ON CONFLICT DO NOTHING
                """)
        }
        var report = SeedReport()
        let counts = try await connection.query("""
            SELECT (SELECT count(*) FROM cities)::int AS cities, (SELECT count(*) FROM provinces)::int AS provinces,
                   (SELECT count(*) FROM regions)::int AS regions
            """)
        report.cities = try counts.first!.decode("cities")
        report.provinces = try counts.first!.decode("provinces")
        report.regions = try counts.first!.decode("regions")
        return report
    }
}
