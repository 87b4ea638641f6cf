import Foundation
import Logging
import Postgres

/// Where one migration stands in a database.
public struct MigrationStatus: Sendable, Equatable {
    /// The state of a migration relative to its file.
    public enum State: String, Sendable, Equatable {
        /// Applied, and the file still matches.
        case applied
        /// Not yet applied.
        case pending
        /// Applied, but the file was edited since: refused until restored.
        case changed
        /// Applied, but no file describes it any more.
        case missingFile = "missing_file"
    }
    /// The migration's name.
    public var name: String
    /// Where it stands.
    public var state: State
    /// When it was applied, if it was.
    public var appliedAt: Date?
}

/// Applies `migrations/` to a database in order, each in its own transaction, under an advisory lock.
///
/// Applied migrations are recorded with a SHA-256 checksum of their text in `schema_migrations`;
/// an applied file that changed afterwards is refused before anything runs, unless the database holds a text of it
/// that an earlier release shipped (`earlierReleasedChecksums`).
public struct Migrator: Sendable {
    /// Checksums of texts earlier releases shipped for a migration whose file later releases ship differently, by
    /// migration name. A database that applied one of them is up to date with that migration: a later migration
    /// brings it to the same state.
    ///
    /// 0008 shipped in two texts: one without two closing parts (waking the workers only for jobs due now, and
    /// `require_one_row` granted to the roles), which the file holds, and one with them. 0011 applies those two
    /// parts (each is idempotent), so a database that ran either text ends in the same state.
    static let earlierReleasedChecksums: [String: Set<String>] = [
        "0008_case_list_paths": ["7c7a80c4a1d8b0975fdca59616031b8f9e5ec7683cd08b8c2386f47d3c3152ec"],
    ]

    /// The advisory lock key every migrator takes, so two never interleave.
    public static let advisoryLockKey: Int64 = 0x5045_524D_4954  // "PERMIT"

    let configuration: PostgresConfiguration
    let migrations: [Migration]
    let logger: Logger

    /// Creates a migrator for `migrations` against the database at `configuration`.
    public init(configuration: PostgresConfiguration, migrations: [Migration], logger: Logger) {
        self.configuration = configuration
        self.migrations = migrations
        self.logger = logger
    }

    /// Lists every migration, applied or pending, and any applied one whose file changed or vanished.
    public func status() async throws -> [MigrationStatus] {
        let connection = try await PostgresConnection.connect(configuration, logger: logger)
        do {
            let applied = try await appliedMigrations(on: connection)
            let result = try await statuses(applied: applied, on: connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Applies every pending migration and returns the names applied (empty when up to date).
    @discardableResult
    public func migrate() async throws -> [String] {
        let connection = try await PostgresConnection.connect(configuration, logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))")
            let names = try await migrateHoldingLock(on: connection)
            try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))")
            await connection.close()
            return names
        } catch {
            await connection.close()  // closing the session also releases the advisory lock
            throw error
        }
    }

    private func migrateHoldingLock(on connection: PostgresConnection) async throws -> [String] {
        try await connection.execute(simpleSQL: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name        text PRIMARY KEY,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """)
        let applied = try await appliedMigrations(on: connection)
        let statuses = try await statuses(applied: applied, on: connection)
        if let changed = statuses.first(where: { $0.state == .changed }) {
            throw MigrationError(.changedAfterApply,
                "migration \(changed.name) was edited after it was applied; restore the file and add a new numbered migration instead")
        }
        if let missing = statuses.first(where: { $0.state == .missingFile }) {
            throw MigrationError(.unknownApplied,
                "the database has migration \(missing.name) applied but no file describes it; are these the right migrations/ for this database?")
        }
        var done: [String] = []
        for migration in migrations where applied[migration.name] == nil {
            let checksum = try await Self.checksum(of: migration.sql, on: connection)
            logger.info("applying migration", metadata: ["migration": "\(migration.name)"])
            do {
                try await connection.execute(simpleSQL: "BEGIN")
                try await becomeOwner(on: connection)
                try await connection.execute(simpleSQL: migration.sql)
                try await connection.query(
                    "INSERT INTO schema_migrations (name, checksum) VALUES (\(migration.name), \(checksum))")
                try await connection.execute(simpleSQL: "COMMIT")
            } catch {
                try? await connection.execute(simpleSQL: "ROLLBACK")
                throw MigrationError(.failed, "migration \(migration.name) failed and was rolled back: \(error)")
            }
            done.append(migration.name)
        }
        return done
    }

    /// Once this database has its owner role (migration 0006; the role itself is server-wide), every migration runs
    /// as it, so what it creates belongs to the owner and no login's privileges come from owning objects.
    private func becomeOwner(on connection: PostgresConnection) async throws {
        let owner = try await connection.query("""
            SELECT 1 FROM pg_roles WHERE rolname = \(Self.ownerRole) AND has_schema_privilege(rolname, 'public', 'CREATE')
            """)
        if !owner.isEmpty {
            try await connection.execute(simpleSQL: "SET LOCAL ROLE \(Self.ownerRole)")
        }
    }

    /// The role that owns PermitFlow's objects.
    public static let ownerRole = "permit_owner"

    private func appliedMigrations(on connection: PostgresConnection) async throws -> [String: (checksum: String, at: Date)] {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
        guard try exists.first?.decode("present", as: Bool.self) == true else { return [:] }
        var applied: [String: (checksum: String, at: Date)] = [:]
        for row in try await connection.query("SELECT name, checksum, applied_at FROM schema_migrations") {
            applied[try row.decode("name")] = (try row.decode("checksum"), try row.decode("applied_at"))
        }
        return applied
    }

    private func statuses(applied: [String: (checksum: String, at: Date)], on connection: PostgresConnection) async throws -> [MigrationStatus] {
        var result: [MigrationStatus] = []
        for migration in migrations {
            guard let record = applied[migration.name] else {
                result.append(MigrationStatus(name: migration.name, state: .pending, appliedAt: nil))
                continue
            }
            let checksum = try await Self.checksum(of: migration.sql, on: connection)
            let released = checksum == record.checksum || Self.earlierReleasedChecksums[migration.name, default: []].contains(record.checksum)
            result.append(MigrationStatus(name: migration.name, state: released ? .applied : .changed, appliedAt: record.at))
        }
        let known = Set(migrations.map(\.name))
        for (name, record) in applied.sorted(by: { $0.key < $1.key }) where !known.contains(name) {
            result.append(MigrationStatus(name: name, state: .missingFile, appliedAt: record.at))
        }
        return result
    }

    /// The SHA-256 of a migration's text, as hex (computed by the server, so every migrator agrees).
    static func checksum(of sql: String, on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query("SELECT encode(sha256(convert_to(\(sql), 'UTF8')), 'hex') AS sum")
        return try rows.first?.decode("sum", as: String.self) ?? ""
    }
}
