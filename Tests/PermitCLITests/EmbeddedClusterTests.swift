import Foundation
import Glibc
import Logging
import PermitTestSupport
import Postgres
import Testing

/// The README's first command on a machine with nothing set up: `permit demo` creates, starts and uses its own
/// private cluster, which nobody else can log in to.
@Suite("The embedded default", .serialized)
struct EmbeddedClusterTests {
    /// A fresh folder for an embedded cluster (under /tmp, which the postgres user can reach).
    static func freshFolder(_ name: String) -> URL {
        URL(fileURLWithPath: "/tmp/pf-\(name)-\(getpid())-\(Int.random(in: 1000..<9999))")
    }

    /// Runs `permit` on the embedded cluster in `folder` (no DATABASE_URL), as the operating-system user.
    func permit(_ arguments: String..., in folder: URL, environment extra: [String: String] = [:]) async throws -> PermitResult {
        var environment = PermitProcess.baseEnvironment
        environment["PERMIT_DATA_DIR"] = folder.path
        environment.merge(extra) { $1 }
        return try await PermitProcess.launch(arguments, environment: environment)
    }

    /// Stops the cluster in `folder` and removes it.
    func discard(_ folder: URL) async {
        try? await LocalCluster(directory: folder).stopOffPool(mode: "immediate")
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs a program to its end; its exit status and output.
    static func exec(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
        let outcome = try ChildProcess.run(path, arguments, environment: ProcessInfo.processInfo.environment)
        return (outcome.status, outcome.stdout + outcome.stderr)
    }

    @Test("permit demo on a fresh machine: six cases to their ends, twice; the cluster is private to its operator")
    func quickStartAndPrivacy() async throws {
        let folder = Self.freshFolder("quickstart")
        defer { Task { await discard(folder) } }
        for run in 1...2 {
            let result = try await permit("demo", "--json", in: folder)
            #expect(result.status == 0, "run \(run): \(result)")
            let rows = try result.json() as? [[String: Any]] ?? []
            #expect(rows.map { $0["final_state"] as? String ?? "" }
                    == ["issued", "issued", "issued", "rejected (eep_validity_insufficient)", "withdrawn", "issued"], "run \(run)")
            #expect(rows.map { $0["category"] as? String ?? "" } == ["hetao_park", "legal", "research", "health", "education", "outstanding"])
        }
        let listed = try await permit("case", "list", "--json", in: folder)
        #expect((try listed.json() as? [[String: Any]])?.count == 12, "\(listed)")
        let audit = try await permit("audit", "verify", in: folder)
        #expect(audit.status == 0 && audit.stdout.contains("intact"), "\(audit)")

        // Nothing is trusted: the authentication file asks for peer or scram-sha-256, folders are the server user's, 0700.
        let hba = try String(contentsOf: folder.appendingPathComponent("data/pg_hba.conf"), encoding: .utf8)
        #expect(!LocalCluster.trustsConnections(hba) && hba.contains("scram-sha-256"), "\(hba)")
        let serverUser = getuid() == 0 ? getpwnam("postgres").pointee.pw_uid : getuid()
        for path in [folder.path, folder.appendingPathComponent("data").path] {
            var info = stat()
            #expect(stat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o700 && info.st_uid == serverUser, "\(path): mode \(String(info.st_mode & 0o777, radix: 8))")
        }
        // A staff login without its password, or with a wrong one, gets nothing.
        let cluster = LocalCluster(directory: folder)
        let logger = Logger(label: "test.embedded")
        await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(cluster.configuration(database: "permitflow", user: "zhang.clerk"), logger: logger)
        }
        do {
            _ = try await PostgresConnection.connect(cluster.configuration(database: "permitflow", user: "zhang.clerk").login("zhang.clerk", password: "guess"),
                                                     logger: logger)
            Issue.record("a wrong password was accepted")
        } catch let error as PostgresError {
            #expect(error.code == .authenticationFailed, "\(error)")
        }
        // Another local user (as root we can be one) cannot even reach the socket, let alone log in.
        if getuid() == 0 {
            let psql = try LocalCluster.binDirectory().appendingPathComponent("psql").path
            for role in ["postgres", "zhang.clerk", "permit_local_worker"] {
                let (status, output) = try Self.exec("/usr/sbin/runuser", ["-u", "nobody", "--", psql, "-h", folder.path, "-U", role,
                                                                        "-d", "permitflow", "-w", "-c", "SELECT 1"])
                #expect(status != 0, "nobody connected as \(role): \(output)")
            }
        }
    }

    @Test("PERMIT_DATABASE picks a what-if copy on the embedded cluster: the worker acts years ahead there and only there")
    func whatIfCopyByName() async throws {
        let folder = Self.freshFolder("whatif")
        defer { Task { await discard(folder) } }
        #expect(try await permit("demo", in: folder).status == 0)
        try await LocalCluster(directory: folder).createDatabase("permitflow_whatif", template: "permitflow", logger: Logger(label: "test.embedded"))
        let copy = ["PERMIT_DATABASE": "permitflow_whatif"]
        let marked = try await permit("database", "purpose", "what_if", "--note", "what-if copy", in: folder, environment: copy)
        #expect(marked.status == 0, "\(marked)")
        let sweep = try await permit("worker", "--once", "--as-of", "2032-12-01", in: folder, environment: copy)
        #expect(sweep.status == 0, "\(sweep)")
        func statuses(_ environment: [String: String]) async throws -> [String] {
            let listed = try await permit("endorsement", "list", "--json", in: folder, environment: environment)
            return (try listed.json() as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "" }
        }
        let inCopy = try await statuses(copy), inReal = try await statuses([:])
        #expect(inCopy.count == 7 && inCopy.allSatisfy { $0 == "expired" }, "\(inCopy)")
        #expect(inReal.count == 7 && inReal.allSatisfy { $0 == "active" }, "\(inReal)")
        // The real database still refuses to act years ahead; a copy that does not exist is named, not created.
        let refused = try await permit("worker", "--once", "--as-of", "2032-12-01", in: folder)
        #expect(refused.status == 1 && refused.stderr.contains("as_of_in_production"), "\(refused)")
        let missing = try await permit("case", "list", in: folder, environment: ["PERMIT_DATABASE": "permitflow_typo"])
        #expect(missing.status == 2 && missing.stderr.contains("PERMIT_DATABASE") && missing.stderr.contains("createdb"), "\(missing)")
        #expect(try await !LocalCluster(directory: folder).databaseExists("permitflow_typo", logger: Logger(label: "test.embedded")))
    }

    @Test("a database migrated by a draft of a migration is refused, and on the embedded cluster the message says how to start over")
    func draftMigrationOnTheEmbeddedCluster() async throws {
        let folder = Self.freshFolder("draft")
        defer { Task { await discard(folder) } }
        #expect(try await permit("migrate", in: folder).status == 0)
        let cluster = LocalCluster(directory: folder)
        let connection = try await PostgresConnection.connect(cluster.configuration(database: "permitflow"), logger: Logger(label: "test"))
        try await connection.execute(simpleSQL: """
            UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE name = '0006_roles_and_tamper_evident_history'
            """)
        let before = try await connection.query("SELECT count(*)::int AS n FROM schema_migrations")[0].decode("n", as: Int.self)

        let refused = try await permit("migrate", in: folder)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("migration 0006_roles_and_tamper_evident_history was edited after it was applied"), "\(refused)")
        #expect(refused.stderr.contains("embedded cluster at \(folder.path)") && refused.stderr.contains("-D \(folder.path)/data stop")
                && refused.stderr.contains("remove \(folder.path)"), "\(refused)")
        // The same database reached by URL is somebody's server: no advice to remove anything.
        let byURL = try await permit("migrate", in: folder, environment: ["DATABASE_URL": "host=\(folder.path) dbname=permitflow user=postgres"])
        #expect(byURL.status == 1 && byURL.stderr.contains("was edited after it was applied"), "\(byURL)")
        #expect(!byURL.stderr.contains("start over"), "\(byURL)")
        #expect(try await connection.query("SELECT count(*)::int AS n FROM schema_migrations")[0].decode("n", as: Int.self) == before)
        await connection.close()
    }

    @Test("a cluster an earlier version made with trust authentication is upgraded on first use")
    func trustClusterIsUpgraded() async throws {
        let folder = Self.freshFolder("trust")
        defer { Task { await discard(folder) } }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bin = try LocalCluster.binDirectory().path
        var prefix: [String] = []
        if getuid() == 0 {
            let postgres = getpwnam("postgres").pointee
            #expect(chown(folder.path, postgres.pw_uid, postgres.pw_gid) == 0)
            prefix = ["/usr/sbin/runuser", "-u", "postgres", "--"]
        }
        let initdb = prefix + ["\(bin)/initdb", "-D", folder.appendingPathComponent("data").path, "-U", "postgres", "-A", "trust", "--no-sync"]
        let (status, output) = try Self.exec(initdb[0], Array(initdb.dropFirst()))
        #expect(status == 0, "\(output)")
        let hba = folder.appendingPathComponent("data/pg_hba.conf")
        #expect(LocalCluster.trustsConnections(try String(contentsOf: hba, encoding: .utf8)))

        let migrated = try await permit("migrate", in: folder)
        #expect(migrated.status == 0, "\(migrated)")
        let upgraded = try String(contentsOf: hba, encoding: .utf8)
        #expect(!LocalCluster.trustsConnections(upgraded) && upgraded.hasPrefix(LocalCluster.authenticationMarker), "\(upgraded)")
        // A role that trust would have let in without a password now needs one.
        try await (try await PostgresConnection.connect(LocalCluster(directory: folder).configuration(database: "permitflow"),
                                                         logger: Logger(label: "test"))).execute(simpleSQL: "CREATE ROLE mallory LOGIN")
        do {
            _ = try await PostgresConnection.connect(LocalCluster(directory: folder).configuration(database: "permitflow", user: "mallory"),
                                                     logger: Logger(label: "test"))
            Issue.record("mallory logged in without a password")
        } catch let error as PostgresError {
            #expect(error.code == .passwordRequired, "\(error)")
        }
    }
}
