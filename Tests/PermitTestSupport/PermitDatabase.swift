import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// A test database with PermitFlow's migrations applied and `seeds/` loaded, and a pool on it.
public struct PermitDatabase: Sendable {
    /// The underlying throwaway database.
    public let database: TestDatabase
    /// A pool on it.
    public let pool: PostgresPool
    /// A logger that discards below warning.
    public let logger: Logger

    /// Creates a fresh database, migrates it and (unless `seeded` is false) loads `seeds/`.
    /// - Parameter purpose: what the database is for; tests that act on fixed days (Monday 2 March 2026, a sweep
    ///   years ahead) need `.training`, since a production database refuses history far from its clock.
    public static func create(_ suite: String, seeded: Bool = true, maxConnections: Int = 4,
                              purpose: DatabasePurpose = .production) async throws -> PermitDatabase {
        let database = try await TestDatabase.create(suite)
        var logger = Logger(label: "test.\(suite)")
        logger.logLevel = .warning
        let root = TestDatabase.repositoryRoot
        let migrations = try MigrationFiles.load(from: root.appendingPathComponent("migrations"))
        try await Migrator(configuration: database.configuration, migrations: migrations, logger: logger).migrate()
        let pool = PostgresPool(configuration: database.configuration, maxConnections: maxConnections, logger: logger)
        if seeded {
            _ = try await SeedLoader.load(from: root.appendingPathComponent("seeds"), pool: pool, logger: logger)
        }
        if purpose != .production {
            _ = try await DatabasePurpose.record(purpose, note: "test database acting on fixed days", pool: pool)
        }
        return PermitDatabase(database: database, pool: pool, logger: logger)
    }

    /// Closes the pool and drops the database.
    public func close() async {
        await pool.close()
        await database.drop()
    }

    /// The integer result of a one-value query, e.g. a count.
    public func count(_ query: PostgresQuery) async throws -> Int {
        try await pool.withConnection { connection in
            let rows = try await connection.query(query)
            return try rows.first?.decode(rows.first?.columns.first ?? "", as: Int.self) ?? 0
        }
    }
}

/// Valid, unique-enough identifiers for test data.
public enum Fixtures {
    /// A national ID with a correct check character, born on `birth` (YYYYMMDD), with a serial from `serial`.
    public static func nationalID(birth: String = "19850312", serial: Int) -> String {
        let body = "440305" + birth + String(format: "%03d", serial % 1000)
        return body + String(NationalID.checkCharacter(for: body))
    }

    /// A unified social credit code with a correct check character, from `serial`.
    public static func creditCode(serial: Int) -> String {
        let body = "91440300" + String(format: "%09d", serial % 1_000_000_000)
        return body + String(CreditCode.checkCharacter(for: body)!)
    }
}
