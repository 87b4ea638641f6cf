import Foundation
import Glibc
import Logging
import PermitCore
import PermitStore
import PermitTestSupport
import Postgres

/// A private cluster for the dashboard suite whose pg_hba.conf asks every login but `postgres` for a scram-sha-256
/// password (and lets the login `trusting_login` in without one, to show the dashboard refuses such a login).
///
/// A cluster of its own (started once per process) because this one must also trust a login (`trusting_login`), which
/// the tests' shared cluster never does. The dashboard's login is a `permit_reader`: it sees what a reader may.
enum ScramCluster {
    static let readerLogin = "dash_reader"
    static let readerPassword = "correct horse battery 42"
    static let trustingLogin = "trusting_login"

    private static let started = Task<PostgresConfiguration, any Error> { try await start() }
    /// Where the cluster lives; `PrivateClusterScope` stops it when the dashboard suites end.
    static let port = Int.random(in: 20_000...40_000)
    static let directory = URL(fileURLWithPath: "/tmp/permitflow-dashboard-\(getpid())-\(Int.random(in: 1000...9999))")

    /// Stops the cluster (if it was started) and removes it.
    static func stopIfStarted() async {
        let cluster = LocalCluster(directory: directory, port: port)
        guard FileManager.default.fileExists(atPath: directory.path) else { return }
        try? await cluster.stopOffPool(mode: "fast")
        try? FileManager.default.removeItem(at: directory)
    }

    /// The migrated, seeded database on the private cluster, as `postgres` (trusted over the socket).
    static func database() async throws -> PostgresConfiguration {
        try await started.value
    }

    private static func start() async throws -> PostgresConfiguration {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0, let user = getpwnam("postgres")?.pointee {
            _ = chown(directory.path, user.pw_uid, user.pw_gid)
        }
        let cluster = LocalCluster(directory: directory, port: port, durability: .fastTestsOnly)
        var logger = Logger(label: "test.dashboard-cluster")
        logger.logLevel = .critical
        let configuration = try await cluster.ensureRunning(database: "permit_dashboard", logger: logger)
        let hba = cluster.dataDirectory.appendingPathComponent("pg_hba.conf")
        try """
            # written by the dashboard tests: passwords for every login but the operator's
            local all postgres trust
            local all \(trustingLogin) trust
            local all all scram-sha-256
            """.write(to: hba, atomically: false, encoding: .utf8)
        let root = TestDatabase.repositoryRoot
        try await Migrator(configuration: configuration, migrations: try MigrationFiles.load(from: root.appendingPathComponent("migrations")),
                           logger: logger).migrate()
        let connection = try await PostgresConnection.connect(configuration, logger: logger)
        try await connection.query("SELECT pg_reload_conf()")
        try await connection.execute(simpleSQL: """
            SET password_encryption = 'scram-sha-256';
            CREATE ROLE \(readerLogin) LOGIN PASSWORD '\(readerPassword)';
            CREATE ROLE \(trustingLogin) LOGIN PASSWORD 'not asked for';
            GRANT permit_reader TO \(readerLogin), \(trustingLogin);
            """)
        await connection.close()
        let pool = PostgresPool(configuration: configuration, maxConnections: 2, logger: logger)
        _ = try await SeedLoader.load(from: root.appendingPathComponent("seeds"), pool: pool, logger: logger)
        // The office is built on the days before today: a training database may record acts on chosen days.
        _ = try await DatabasePurpose.record(.training, note: "dashboard tests: an office built on past days", pool: pool)
        await pool.close()
        return configuration
    }
}
