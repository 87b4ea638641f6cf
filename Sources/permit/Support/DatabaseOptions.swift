import ArgumentParser
import Foundation
import Logging
import PermitStore
import Postgres

/// Where the database is: `--database-url`, else `DATABASE_URL`, else the embedded default cluster.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "A PostgreSQL URL or conninfo. Default: $DATABASE_URL, else the embedded cluster (see PERMIT_DATA_DIR).")
    var databaseURL: String?

    /// True when no URL is given: `permit` uses its embedded default cluster.
    var isEmbedded: Bool { givenURL == nil }

    /// The URL given (flag, then environment), if any.
    var givenURL: String? {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Where and as whom to connect for `access`, starting the embedded cluster when no URL is given.
    func resolve(_ access: Access, logger: Logger) async throws -> ResolvedDatabase {
        if let url = givenURL {
            let configuration = PostgresConfiguration(conninfo: url)
            return ResolvedDatabase(configuration: configuration, embedded: false,
                                    loginGiven: configuration.user != nil || LoginEnvironment.givenUser != nil)
        }
        let cluster = EmbeddedCluster.cluster
        let database = EmbeddedCluster.databaseName
        // The default database is created on first use; another one (PERMIT_DATABASE) must exist already.
        let createdHere = database == EmbeddedCluster.defaultDatabaseName
        let found: Bool
        do {
            _ = try await cluster.ensureRunning(database: createdHere ? database : "postgres", logger: logger)
            if createdHere { found = true } else { found = try await cluster.databaseExists(database, logger: logger) }
        } catch {
            throw CommandFailure(.unreachable,
                "the embedded database at \(cluster.directory.path) could not be started: \(error)\n"
                + "Set DATABASE_URL to use another server, or PERMIT_DATA_DIR to put the embedded one elsewhere.")
        }
        guard found else {
            throw CommandFailure(.badInput, """
                PERMIT_DATABASE: the embedded cluster at \(cluster.directory.path) has no database "\(database)"; \
                make it as a copy of the real one (nobody connected to it): \
                createdb -h \(cluster.directory.path) -U postgres -T \(EmbeddedCluster.defaultDatabaseName) \(database)
                """)
        }
        let operatorConfiguration = cluster.configuration(database: database)
        switch access {
        case .operator:
            return ResolvedDatabase(configuration: operatorConfiguration, embedded: true, loginGiven: false)
        case .worker:
            let connection = try await PostgresConnection.connect(operatorConfiguration, logger: logger)
            do {
                try await LocalWorkerLogin.ensure(on: connection)
                await connection.close()
            } catch {
                await connection.close()
                throw error
            }
            return ResolvedDatabase(configuration: cluster.configuration(database: database, user: LocalWorkerLogin.name),
                                    embedded: true, loginGiven: true)
        case .person, .administrator:
            guard LoginEnvironment.givenUser != nil else {
                return ResolvedDatabase(configuration: operatorConfiguration, embedded: true, loginGiven: false)
            }
            return ResolvedDatabase(configuration: cluster.configuration(database: database, user: nil),
                                    embedded: true, loginGiven: true)
        }
    }
}

/// Where a command connects, and how it got there.
struct ResolvedDatabase: Sendable {
    /// The settings to connect with.
    var configuration: PostgresConfiguration
    /// Whether it is the embedded cluster (where the operator is its superuser).
    var embedded: Bool
    /// Whether a login was given (PGUSER or the URL's user), as opposed to the embedded operator's default.
    var loginGiven: Bool
}

/// The private local PostgreSQL cluster `permit` uses when no database URL is given.
enum EmbeddedCluster {
    /// The database the embedded cluster holds PermitFlow's data in, created on first use.
    static let defaultDatabaseName = "permitflow"

    /// How to start the embedded cluster over, for a database whose migrations disagree with the files (most often a
    /// developer's database migrated by a draft): it is private to this machine, so dropping it loses nothing shared.
    static var startingOver: String {
        let folder = directory.path
        let asPostgres = getuid() == 0 ? "runuser -u postgres -- " : ""
        let pgCtl = (try? LocalCluster.binDirectory().appendingPathComponent("pg_ctl").path) ?? "pg_ctl"
        return """
            This database is on the embedded cluster at \(folder), private to this machine. If it holds nothing you need, \
            start over: stop the cluster (\(asPostgres)\(pgCtl) -D \(folder)/data stop) and remove \(folder); the next \
            command creates it again.
            """
    }

    /// The database commands use on the embedded cluster: `PERMIT_DATABASE` (a copy such as a what-if or training
    /// database, made with `createdb -T permitflow`), else `permitflow`.
    static var databaseName: String {
        guard let chosen = ProcessInfo.processInfo.environment["PERMIT_DATABASE"], !chosen.isEmpty else { return defaultDatabaseName }
        return chosen
    }

    /// The cluster, under `PERMIT_DATA_DIR`, else `/var/lib/permitflow` as root (the `postgres` user must be able
    /// to reach it), else `$XDG_DATA_HOME/permitflow` or `~/.local/share/permitflow`. The operating-system user
    /// running permit reaches it by peer authentication as its superuser and as the local worker login; everyone
    /// else needs a password.
    static var cluster: LocalCluster {
        LocalCluster(directory: directory, operatorRoles: ["postgres", LocalWorkerLogin.name])
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
