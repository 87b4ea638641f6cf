import Foundation
import Glibc
import Logging
import Postgres

/// A throwaway database for one test suite on the shared test cluster (or on PERMIT_TEST_DATABASE_URL when set).
public struct TestDatabase: Sendable {
    /// Connection settings for this database.
    public let configuration: PostgresConfiguration
    /// The database name, e.g. `t_cases_4211_k3v9qa`.
    public let name: String
    /// The name's random end (`k3v9qa…`): logins made for this database end with `_` and it, so suites sharing a
    /// server never collide, and `drop()` removes them.
    public var suffix: String { String(name.split(separator: "_").last ?? "") }
    /// Settings for the server's `postgres` database, used to drop this one.
    private let maintenance: PostgresConfiguration

    /// Creates a fresh, uniquely named, empty database (e.g. "t_<suite>_<pid>_<random>") on the shared test cluster.
    public static func create(_ suite: String) async throws -> TestDatabase {
        let name = uniqueName(for: suite)
        let logger = Logger(label: "permitflow.test-database")
        if let override = TestCluster.conninfoOverride {
            let server = PostgresConfiguration(conninfo: override)
            let connection = try await PostgresConnection.connect(server, logger: logger)
            do {
                try await connection.execute(simpleSQL: "CREATE DATABASE \"\(name)\"")
                await connection.close()
            } catch {
                await connection.close()
                throw error
            }
            return TestDatabase(configuration: server.database(name), name: name, maintenance: server)
        }
        let cluster = try await TestCluster.shared()
        try await cluster.createDatabase(name, logger: logger)
        return TestDatabase(
            configuration: cluster.configuration(database: name),
            name: name,
            maintenance: cluster.configuration(database: "postgres")
        )
    }

    /// Drops the database, disconnecting its sessions (best effort: failures are ignored).
    public func drop() async {
        guard let connection = try? await PostgresConnection.connect(maintenance, logger: Logger(label: "permitflow.test-database")) else {
            return
        }
        try? await connection.execute(simpleSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        // The suffix is [a-z0-9] we generated: safe to spell out in the DO block (which takes no parameters).
        try? await connection.execute(simpleSQL: """
            DO $$ DECLARE login text; BEGIN
                FOR login IN SELECT rolname FROM pg_roles WHERE rolname LIKE '%\\_\(suffix)' LOOP
                    EXECUTE format('DROP ROLE %I', login);
                END LOOP;
            END $$
            """)
        await connection.close()
    }

    /// The package root, found from #filePath (so tests can read migrations/ and seeds/).
    public var repositoryRoot: URL { Self.repositoryRoot }

    /// The package root (Tests/PermitTestSupport/../..).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `t_<suite>_<pid>_<random>` with the suite reduced to `[a-z0-9_]`, within PostgreSQL's 63-byte limit.
    static func uniqueName(for suite: String) -> String {
        let cleaned = String(suite.lowercased().unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        })
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let random = String((0..<8).map { _ in alphabet.randomElement()! })
        return "t_\(cleaned.prefix(30))_\(getpid())_\(random)"
    }
}
