import CLibPQ
import Foundation
import Logging

/// A private PostgreSQL cluster started with the installed initdb/pg_ctl, Unix socket only; runs the server as the
/// `postgres` system user when the current user is root (initdb refuses root).
public struct LocalCluster: Sendable {
    /// How much the server may trade crash safety for speed.
    public enum Durability: Sendable, Hashable {
        /// PostgreSQL's defaults: every commit is flushed to disk.
        case durable
        /// fsync, synchronous_commit and full_page_writes off: fast, and a crash can lose or corrupt data. Tests only.
        case fastTestsOnly
    }

    /// Holds `data/`, the server's Unix socket and `log`.
    public let directory: URL
    /// The port number; with no TCP listener it only names the socket file (`.s.PGSQL.PORT`).
    public let port: Int
    /// Crash safety of the server; applied when it is started.
    public var durability: Durability
    /// The roles the operator (the operating-system user running permit) may connect as, by peer authentication;
    /// the first is the superuser the cluster is created with. Everyone else needs a password.
    public var operatorRoles: [String]

    /// Describes a cluster in `directory` (nothing is created until `ensureRunning`).
    public init(directory: URL, port: Int = 5432, durability: Durability = .durable, operatorRoles: [String] = ["postgres"]) {
        self.directory = directory.standardizedFileURL
        self.port = port
        self.durability = durability
        self.operatorRoles = operatorRoles.isEmpty ? ["postgres"] : operatorRoles
    }

    /// The data directory (`directory/data`).
    public var dataDirectory: URL { directory.appendingPathComponent("data") }
    /// The folder holding the Unix socket (the cluster directory itself).
    public var socketDirectory: URL { directory }
    /// The server log file (`directory/log`).
    public var logFile: URL { directory.appendingPathComponent("log") }

    /// The connection settings for `database` on this cluster as the operator's superuser (the first operator role):
    /// `host=SOCKETDIR port=PORT user=ROLE dbname=DB`.
    public func configuration(database: String) -> PostgresConfiguration {
        configuration(database: database, user: operatorRoles[0])
    }

    /// The connection settings for `database` as `user`; nil leaves the login to libpq (PGUSER, else the
    /// operating-system user).
    public func configuration(database: String, user: String?) -> PostgresConfiguration {
        var conninfo = "host=\(ConninfoOptions.quoted(socketDirectory.path)) port=\(port) dbname=\(ConninfoOptions.quoted(database))"
        if let user { conninfo += " user=\(ConninfoOptions.quoted(user))" }
        return PostgresConfiguration(conninfo: conninfo)
    }

    /// Finds PostgreSQL's programs: `pg_config --bindir`, else `initdb` on PATH, else the newest /usr/lib/postgresql/*/bin.
    public static func binDirectory() throws -> URL {
        try discoveredBinDirectory.get()
    }

    /// `binDirectory()`'s answer, looked up once per process.
    private static let discoveredBinDirectory = Result { try findBinDirectory() }

    private static func findBinDirectory() throws(LocalClusterError) -> URL {
        let fileManager = FileManager.default
        if let output = try? ClusterProcess.run(executable: "/usr/bin/env", arguments: ["pg_config", "--bindir"]).trimmingWhitespace,
           !output.isEmpty, fileManager.isExecutableFile(atPath: output + "/initdb") {
            return URL(fileURLWithPath: output)
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            if fileManager.isExecutableFile(atPath: "\(folder)/initdb"), fileManager.isExecutableFile(atPath: "\(folder)/pg_ctl") {
                return URL(fileURLWithPath: String(folder))
            }
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? fileManager.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { Int($0) }
            .sorted(by: >)
        for version in versions where fileManager.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return URL(fileURLWithPath: "\(root)/\(version)/bin")
        }
        throw LocalClusterError(message: "PostgreSQL's server programs (initdb, pg_ctl) were not found via pg_config, PATH or /usr/lib/postgresql/*/bin; install them (Debian: apt-get install postgresql) or point PERMIT_DATABASE_URL at a running server")
    }

    /// Whether a server answers on this cluster's socket (PQping).
    public var isRunning: Bool {
        let ping = PQping(configuration(database: "postgres").conninfo + " connect_timeout=2")
        return ping == PQPING_OK || ping == PQPING_REJECT
    }

    /// Creates the cluster if absent, starts it if stopped (waits until it accepts connections), returns the configuration for `database`.
    /// Makes sure `database` exists (CREATE DATABASE via the `postgres` db, tolerating a concurrent creator).
    /// Safe to call from two processes at once (a file lock in `directory` serialises creation and start).
    public func ensureRunning(database: String, logger: Logger) async throws -> PostgresConfiguration {
        let cluster = self
        try await BlockingWork.run {
            try cluster.prepareDirectory()
            try ClusterFileLock.withLock(at: cluster.directory.appendingPathComponent("cluster.lock")) {
                let fresh = !FileManager.default.fileExists(atPath: cluster.dataDirectory.appendingPathComponent("PG_VERSION").path)
                if fresh {
                    try cluster.initialize(logger: logger)
                }
                let changed = try cluster.secureAuthentication(fresh: fresh, logger: logger)
                if !cluster.isRunning {
                    try cluster.start(logger: logger)
                } else if changed {
                    try cluster.reload()
                }
            }
        }
        if database != "postgres" {
            do {
                if try await !databaseExists(database, logger: logger) {
                    try await createDatabase(database, logger: logger)
                }
            } catch let error as PostgresError
                where error.sqlState == SQLState.duplicateDatabase || error.sqlState == SQLState.uniqueViolation {
                // 42P04, or 23505 on pg_database when another process created it at the same moment.
                logger.debug("database created concurrently", metadata: ["database": "\(database)"])
            }
        }
        return configuration(database: database)
    }

    /// Stops the server (`pg_ctl stop -m MODE`, waiting until it is down); a stopped cluster is left as is.
    public func stop(mode: String = "fast") throws {
        guard ["smart", "fast", "immediate"].contains(mode) else {
            throw LocalClusterError(message: "unknown stop mode \"\(mode)\": use smart, fast or immediate")
        }
        guard isRunning else { return }
        try runAsServerUser("pg_ctl", ["-D", dataDirectory.path, "-m", mode, "-w", "-t", "60", "stop"])
    }

    /// Restarts the server (fast mode), waiting until it accepts connections again.
    public func restart() throws {
        try runAsServerUser("pg_ctl", [
            "-D", dataDirectory.path, "-l", logFile.path, "-m", "fast", "-w", "-t", "60", "-o", serverOptions, "restart",
        ])
        try waitUntilAccepting()
    }

    /// Creates database `name` (letters a-z, digits, underscore), optionally copying `template`.
    public func createDatabase(_ name: String, template: String? = nil, logger: Logger) async throws {
        try Self.validateDatabaseName(name)
        var sql = "CREATE DATABASE \"\(name)\""
        if let template {
            try Self.validateDatabaseName(template)
            sql += " TEMPLATE \"\(template)\""
        }
        let statement = sql
        try await withMaintenanceConnection(logger: logger) { connection in
            try await DatabaseCreation.run(statement, on: connection, logger: logger)
        }
    }

    /// Drops database `name` if it exists, disconnecting its sessions (`WITH (FORCE)`).
    public func dropDatabase(_ name: String, logger: Logger) async throws {
        try Self.validateDatabaseName(name)
        try await withMaintenanceConnection(logger: logger) { connection in
            try await connection.execute(simpleSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        }
    }

    /// Accepts only `[a-z0-9_]+`, at most 63 characters (PostgreSQL's identifier limit).
    static func validateDatabaseName(_ name: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
        guard allowed, !name.isEmpty, name.utf8.count <= 63 else {
            throw LocalClusterError(message: "database name \"\(name)\" is not allowed: use 1 to 63 characters from a-z, 0-9 and _")
        }
    }

    /// Whether the cluster holds database `name` (the server must be running).
    public func databaseExists(_ name: String, logger: Logger) async throws -> Bool {
        try await withMaintenanceConnection(logger: logger) { connection in
            try await !connection.query("SELECT 1 FROM pg_database WHERE datname = \(name)").isEmpty
        }
    }

    private func withMaintenanceConnection<T: Sendable>(
        logger: Logger,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await PostgresConnection.connect(configuration(database: "postgres"), logger: logger)
        do {
            let value = try await body(connection)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }
}
