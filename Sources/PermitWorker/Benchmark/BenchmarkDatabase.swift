import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// A scratch database for `permit bench`, created, migrated and seeded on the given server, then dropped.
public struct BenchmarkDatabase: Sendable {
    /// The scratch database's name.
    public static let name = "permitflow_bench"
    /// Settings for the scratch database (as the operator who runs the bench).
    public let configuration: PostgresConfiguration
    /// Settings for the scratch database as a worker login of its own (a member of `permit_worker`, dropped with the
    /// database): the worker, the direct contender and the sweeps run as it, under the worker's grants and row
    /// security, as they do in production.
    public let workerConfiguration: PostgresConfiguration
    private let workerLogin: String
    private let maintenance: PostgresConfiguration
    private let logger: Logger

    /// Creates (replacing any leftover) `permitflow_bench` next to `server`'s database, migrates and seeds it, and
    /// marks it a what-if database (the benchmark acts on fixed days, Monday 2 March 2026 and the sweep days).
    public static func create(server: PostgresConfiguration, migrations: URL, seeds: URL, logger: Logger) async throws -> BenchmarkDatabase {
        let maintenance = server.database("postgres")
        let connection = try await PostgresConnection.connect(maintenance, logger: logger)
        do {
            try await connection.execute(simpleSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try await connection.execute(simpleSQL: "CREATE DATABASE \(name)")
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
        let workerLogin = "bench.worker-\(ProcessInfo.processInfo.processIdentifier)"
        let workerPassword = StaffDirectory.generatedPassword()
        let database = BenchmarkDatabase(configuration: server.database(name),
                                         workerConfiguration: server.database(name).login(workerLogin, password: workerPassword),
                                         workerLogin: workerLogin, maintenance: maintenance, logger: logger)
        try await Migrator(configuration: database.configuration, migrations: try MigrationFiles.load(from: migrations), logger: logger).migrate()
        let pool = PostgresPool(configuration: database.configuration, maxConnections: 1, logger: logger)
        do {
            _ = try await SeedLoader.load(from: seeds, pool: pool, logger: logger)
            _ = try await DatabasePurpose.record(.whatIf, note: "permit bench scratch database", pool: pool)
            _ = try await StaffDirectory.add(name: "bench worker", login: workerLogin, role: .worker, password: workerPassword,
                                             at: Date(), pool: pool)
            await pool.close()
        } catch {
            await pool.close()
            throw error
        }
        return database
    }

    /// Drops the scratch database and its worker login (best effort).
    public func drop() async {
        guard let connection = try? await PostgresConnection.connect(maintenance, logger: logger) else { return }
        try? await connection.execute(simpleSQL: "DROP DATABASE IF EXISTS \(Self.name) WITH (FORCE)")
        // The login is `bench.worker-<pid>`, made here: safe to spell out.
        try? await connection.execute(simpleSQL: "DROP ROLE IF EXISTS \"\(workerLogin)\"")
        await connection.close()
    }
}
