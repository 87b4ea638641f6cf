import Foundation
import Postgres

extension Doctor {
    /// Heap bloat of the hot tables, estimated from the planner's statistics (rows × average row width against the
    /// pages the table takes): an estimate, not a measurement (pgstattuple measures, but needs a superuser).
    func tableBloatCheck(on connection: PostgresConnection) async throws -> DoctorCheck {
        let rows = try await connection.query("""
            SELECT c.relname AS name, c.reltuples::float8 AS tuples, c.relpages::bigint AS pages,
                   current_setting('block_size')::int AS block,
                   coalesce((regexp_match(array_to_string(c.reloptions, ','), 'fillfactor=([0-9]+)'))[1]::int, 100) AS fillfactor,
                   (SELECT sum(s.avg_width)::float8 FROM pg_stats s
                     WHERE s.schemaname = n.nspname AND s.tablename = c.relname) AS width
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY(\(settings.hotTables)::text[])
             ORDER BY c.relname
            """)
        var estimates: [BloatEstimate] = []
        for row in rows {
            let block = Double(try row.decode("block", as: Int.self))
            let tuples = try row.decode("tuples", as: Double.self)
            guard tuples >= 0, let width = try row.decode("width", as: Double?.self) else { continue }   // never analyzed
            let fill = Double(try row.decode("fillfactor", as: Int.self)) / 100
            // 24-byte page header; per row a 24-byte tuple header and a 4-byte line pointer.
            let perPage = max(1, ((block - 24) * fill / (28 + width)).rounded(.down))
            estimates.append(BloatEstimate(name: try row.decode("name"), pages: try row.decode("pages"),
                                           expectedPages: (tuples / perPage).rounded(.up), blockSize: Int64(block)))
        }
        return bloatFinding("table_bloat", estimates, what: "tables",
                            advice: "VACUUM (FULL) or pg_repack the table in a quiet hour; check autovacuum keeps up")
    }

    /// B-tree bloat of the hot tables' indexes, estimated the same way (entries × key width against the pages).
    func indexBloatCheck(on connection: PostgresConnection) async throws -> DoctorCheck {
        let rows = try await connection.query("""
            SELECT i.relname AS name, i.reltuples::float8 AS tuples, i.relpages::bigint AS pages,
                   current_setting('block_size')::int AS block,
                   (SELECT sum(s.avg_width)::float8 FROM unnest(x.indkey::int2[]) AS k(attnum)
                      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                      JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = t.relname AND s.attname = a.attname) AS width,
                   (0 = ANY(x.indkey::int2[])) AS has_expression
              FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
             WHERE n.nspname = current_schema() AND am.amname = 'btree' AND t.relname = ANY(\(settings.hotTables)::text[])
             ORDER BY i.relname
            """)
        var estimates: [BloatEstimate] = []
        for row in rows {
            let block = Double(try row.decode("block", as: Int.self))
            let tuples = try row.decode("tuples", as: Double.self)
            guard tuples >= 0, !(try row.decode("has_expression", as: Bool.self)),
                  let width = try row.decode("width", as: Double?.self) else { continue }
            // 8-byte index tuple header, 4-byte line pointer, key aligned to 8; leaf pages 90 % full; one meta page.
            let entry = 12 + (width / 8).rounded(.up) * 8
            let perPage = max(1, ((block - 24 - 16) * 0.9 / entry).rounded(.down))
            estimates.append(BloatEstimate(name: try row.decode("name"), pages: try row.decode("pages"),
                                           expectedPages: (tuples / perPage).rounded(.up) + 1, blockSize: Int64(block)))
        }
        return bloatFinding("index_bloat", estimates, what: "indexes",
                            advice: "REINDEX INDEX CONCURRENTLY the index named")
    }

    private func bloatFinding(_ name: String, _ estimates: [BloatEstimate], what: String, advice: String) -> DoctorCheck {
        guard !estimates.isEmpty else {
            return DoctorCheck(name, .ok, "no statistics yet for the hot \(what) (they fill in after ANALYZE / autovacuum)")
        }
        let worst = estimates.max { $0.wastedBytes < $1.wastedBytes }!
        let bloated = estimates.filter { $0.fraction >= settings.bloatWarnFraction && $0.wastedBytes >= settings.bloatWarnBytes }
        let detail = "\(worst.name) most: about \(Self.megabytes(worst.wastedBytes)) of \(Self.megabytes(worst.bytes)) "
            + "(\(Int((worst.fraction * 100).rounded())) %)"
        if bloated.isEmpty {
            return DoctorCheck(name, .ok, "\(estimates.count) hot \(what) estimated; \(detail)")
        }
        return DoctorCheck(name, .warn, "bloated: \(bloated.map(\.name).joined(separator: ", ")); \(detail)", advice: advice)
    }

    static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    /// Autovacuum is on and keeps up with the hot tables: dead rows well past a table's vacuum threshold mean it lags.
    func autovacuumCheck(on connection: PostgresConnection) async throws -> DoctorCheck {
        let rows = try await connection.query("""
            SELECT s.relname AS name, s.n_dead_tup::float8 AS dead, s.last_autovacuum, s.last_vacuum,
                   coalesce((regexp_match(array_to_string(c.reloptions, ','), 'autovacuum_vacuum_threshold=([0-9.]+)'))[1]::float8,
                            current_setting('autovacuum_vacuum_threshold')::float8)
                   + coalesce((regexp_match(array_to_string(c.reloptions, ','), 'autovacuum_vacuum_scale_factor=([0-9.]+)'))[1]::float8,
                              current_setting('autovacuum_vacuum_scale_factor')::float8) * greatest(c.reltuples, 0) AS threshold,
                   current_setting('autovacuum') = 'on' AS enabled
              FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
             WHERE s.schemaname = current_schema() AND s.relname = ANY(\(settings.hotTables)::text[])
             ORDER BY s.relname
            """)
        if let first = rows.first, !(try first.decode("enabled", as: Bool.self)) {
            return DoctorCheck("autovacuum", .fail, "autovacuum is off",
                               advice: "set autovacuum = on: the queue and the history tables bloat without it")
        }
        var lagging: [String] = []
        for row in rows {
            let dead = try row.decode("dead", as: Double.self)
            let threshold = try row.decode("threshold", as: Double.self)
            if dead > 2 * threshold && dead > 1000 {
                let name: String = try row.decode("name")
                let last = try row.decode("last_autovacuum", as: Date?.self) ?? row.decode("last_vacuum", as: Date?.self)
                let when = last.map { ISO8601DateFormatter().string(from: $0) } ?? "never"
                lagging.append("\(name) (\(Int(dead)) dead rows, threshold \(Int(threshold)), last vacuum \(when))")
            }
        }
        guard lagging.isEmpty else {
            return DoctorCheck("autovacuum", .warn, "behind on \(lagging.joined(separator: "; "))",
                               advice: "VACUUM the table now; raise autovacuum_max_workers or lower its scale factor; "
                               + "look for long-running transactions in pg_stat_activity that hold dead rows back")
        }
        return DoctorCheck("autovacuum", .ok, "on; \(rows.count) hot tables within their vacuum thresholds")
    }

    /// Client connections in use against what the server allows (less the slots kept for superusers).
    func connectionsCheck(on connection: PostgresConnection) async throws -> DoctorCheck {
        let rows = try await connection.query("""
            SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used,
                   current_setting('max_connections')::int AS max,
                   current_setting('superuser_reserved_connections')::int AS reserved
            """)
        guard let row = rows.first else { return DoctorCheck("connections", .fail, "the server did not say") }
        let used: Int = try row.decode("used"), max: Int = try row.decode("max"), reserved: Int = try row.decode("reserved")
        let available = Swift.max(1, max - reserved)
        let fraction = Double(used) / Double(available)
        let summary = "\(used) of \(available) connections in use (max_connections \(max), \(reserved) reserved for superusers)"
        let advice = "lower the workers' --concurrency, put a session pooler in front, or raise max_connections"
        return .graded("connections", fraction, warn: settings.connectionsWarnFraction, fail: settings.connectionsFailFraction, summary,
                       advice: advice)
    }

    /// Whether this session runs as a superuser: expected only on the embedded default cluster and in tests.
    func superuserCheck(on connection: PostgresConnection) async throws -> DoctorCheck {
        let rows = try await connection.query("""
            SELECT current_user AS login, r.rolsuper AS superuser FROM pg_roles r WHERE r.rolname = current_user
            """)
        guard let row = rows.first else { return DoctorCheck("superuser", .fail, "the session's role was not found") }
        let login: String = try row.decode("login")
        guard try row.decode("superuser", as: Bool.self) else {
            return DoctorCheck("superuser", .ok, "runs as \(login), not a superuser")
        }
        if settings.superuserAllowed {
            return DoctorCheck("superuser", .ok, "runs as superuser \(login): expected on the embedded default cluster only")
        }
        return DoctorCheck("superuser", .fail, "runs as superuser \(login): a superuser bypasses every grant and guard the app relies on",
                           advice: "connect as a login role that is a member of permit_worker (worker) or permit_owner (migrate) "
                           + "and not a superuser")
    }
}

/// An estimate of one relation's bloat: the pages it takes against the pages its rows should need.
struct BloatEstimate: Sendable {
    let name: String
    let pages: Int64
    let expectedPages: Double
    let blockSize: Int64

    var bytes: Int64 { pages * blockSize }
    var wastedBytes: Int64 { max(0, pages - Int64(expectedPages)) * blockSize }
    var fraction: Double { pages > 0 ? Double(max(0, pages - Int64(expectedPages))) / Double(pages) : 0 }
}
