import ArgumentParser
import Foundation
import Logging
import Postgres

/// Where the database is: `--database-url`, else `DATABASE_URL`, else the embedded default cluster.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "A PostgreSQL URL or conninfo. Default: $DATABASE_URL, else the embedded cluster (see PERMIT_DATA_DIR).")
    var databaseURL: String?

    /// True when no URL is given: `permit` uses its embedded default cluster (as the `postgres` superuser).
    var isEmbedded: Bool {
        (databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").isEmpty
    }

    /// The configuration to connect with, starting the embedded cluster when no URL is given.
    func resolve(logger: Logger) async throws -> PostgresConfiguration {
        if let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            return PostgresConfiguration(conninfo: url)
        }
        let cluster = EmbeddedCluster.cluster
        do {
            return try await cluster.ensureRunning(database: EmbeddedCluster.databaseName, logger: logger)
        } catch {
            throw CommandFailure(.unreachable,
                "the embedded database at \(cluster.directory.path) could not be started: \(error)\n"
                + "Set DATABASE_URL to use another server, or PERMIT_DATA_DIR to put the embedded one elsewhere.")
        }
    }
}

/// The private local PostgreSQL cluster `permit` uses when no database URL is given.
enum EmbeddedCluster {
    /// The database the embedded cluster holds PermitFlow's data in.
    static let databaseName = "permitflow"

    /// The cluster, under `PERMIT_DATA_DIR`, else `/var/lib/permitflow` as root (the `postgres` user must be able
    /// to reach it), else `$XDG_DATA_HOME/permitflow` or `~/.local/share/permitflow`.
    static var cluster: LocalCluster {
        LocalCluster(directory: directory)
    }

    static var directory: URL {
        let environment = ProcessInfo.processInfo.environment
        if let custom = environment["PERMIT_DATA_DIR"], !custom.isEmpty {
            return URL(fileURLWithPath: custom, isDirectory: true)
        }
        if getuid() == 0 {
            return URL(fileURLWithPath: "/var/lib/permitflow", isDirectory: true)
        }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("permitflow")
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".local/share/permitflow", isDirectory: true)
    }
}
