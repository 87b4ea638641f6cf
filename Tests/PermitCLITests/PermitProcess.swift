import Foundation
import PermitCore
import PermitStore
import PermitTestSupport
import Postgres
import Synchronization

/// What one run of the built `permit` binary printed and how it exited.
struct PermitResult: Sendable, CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The first line of standard output, trimmed (ids printed by `applicant add` and `case new`).
    var line: String { stdout.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "" }

    /// Standard output parsed as JSON.
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }

    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// The logins a test world made, by staff name (and "worker"): how `PermitProcess` connects as each.
final class LoginBook: Sendable {
    private let logins = Mutex<[String: TestLogin]>([:])

    /// Remembers `login` under its name.
    func add(_ login: TestLogin, as name: String? = nil) {
        logins.withLock { $0[name ?? login.name] = login }
    }

    /// The login of `name`, if the world made one.
    subscript(_ name: String) -> TestLogin? {
        logins.withLock { $0[name] }
    }
}

/// Runs the `permit` executable built next to the test bundle against one test database.
///
/// `actor:` is the person acting: the command connects as their own login (PGUSER-style, their password in
/// PGPASSWORD), as a real user would. A name the world has no login for connects as a login that does not exist.
/// Without an actor the command connects as the operator (the test server's superuser, allowed by
/// PERMIT_ALLOW_SUPERUSER=1 as on a throwaway database), except `worker`, which runs as the world's worker login.
struct PermitProcess: Sendable {
    /// The database the commands use (passed as DATABASE_URL).
    let database: PermitDatabase
    /// The logins commands may act as.
    let logins: LoginBook

    init(database: PermitDatabase, logins: LoginBook = LoginBook()) {
        self.database = database
        self.logins = logins
    }

    /// `.build-xxx/debug/permit`, next to the test runner (or PERMIT_BINARY).
    static var binary: URL {
        if let custom = ProcessInfo.processInfo.environment["PERMIT_BINARY"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("permit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("permit")
    }

    /// Runs `permit arguments…`, waiting off the cooperative pool.
    func run(_ arguments: String..., actor: String? = nil, input: String? = nil,
             environment extra: [String: String] = [:]) async throws -> PermitResult {
        try await run(arguments, actor: actor, input: input, environment: extra)
    }

    /// Runs `permit` with an argument list, connected as `actor`'s login (see the type's summary); `extra` adds
    /// environment variables (PERMIT_NOW, PERMIT_LOG_LEVEL).
    func run(_ arguments: [String], actor: String? = nil, input: String? = nil,
             environment extra: [String: String] = [:]) async throws -> PermitResult {
        var environment = Self.baseEnvironment
        let operatorConfiguration = database.database.configuration
        switch actor ?? (arguments.first == "worker" ? "worker" : nil) {
        case let name?:
            let login = logins[name]
            environment["DATABASE_URL"] = operatorConfiguration.login(login?.login ?? database.loginName(name)).conninfo
            environment["PGPASSWORD"] = login?.password ?? "no-such-password"
        case nil:
            environment["DATABASE_URL"] = operatorConfiguration.conninfo
            environment["PERMIT_ALLOW_SUPERUSER"] = "1"
        }
        environment.merge(extra) { $1 }
        return try await Self.launch(arguments, environment: environment, input: input)
    }

    /// The environment every run starts from: quiet logs, this checkout's migrations and seeds, no login of the
    /// machine's own.
    static var baseEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PERMIT_LOG_LEVEL"] = "error"
        environment["PERMIT_MIGRATIONS_DIR"] = TestDatabase.repositoryRoot.appendingPathComponent("migrations").path
        environment["PERMIT_SEEDS_DIR"] = TestDatabase.repositoryRoot.appendingPathComponent("seeds").path
        for key in ["PERMIT_ACTOR", "PERMIT_NOW", "PGUSER", "PGPASSWORD", "PERMIT_ALLOW_SUPERUSER", "DATABASE_URL", "PGPASSFILE"] {
            environment.removeValue(forKey: key)
        }
        return environment
    }

    /// Runs the binary with exactly `environment`, feeding `input` on standard input.
    static func launch(_ arguments: [String], environment: [String: String], input: String? = nil) async throws -> PermitResult {
        let binary = Self.binary
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.runBlocking(binary, arguments, environment: environment, input: input) })
            }
        }
    }

    private static func runBlocking(_ binary: URL, _ arguments: [String], environment: [String: String], input: String?) throws -> PermitResult {
        let outcome = try ChildProcess.run(binary.path, arguments, environment: environment, input: input ?? "")
        return PermitResult(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }
}

/// A migrated and seeded test database with staff, an employer and helpers to count rows.
struct CLIWorld: Sendable {
    let database: PermitDatabase
    let permit: PermitProcess
    static let supervisor = "sup.zhou", reviewer = "cw.wang", approver = "cw.li", clerk = "clerk.zhang"

    /// A fresh database with a supervisor, two caseworkers and a clerk (each with their own login and password), a
    /// worker login, and employers in Guangzhou and the Hetao park.
    /// - Parameter purpose: `training` or `what_if` marks it (through `permit database purpose`) for acting as of other days.
    static func make(_ suite: String, purpose: String? = nil) async throws -> CLIWorld {
        let database = try await PermitDatabase.create(suite)
        let world = CLIWorld(database: database, permit: PermitProcess(database: database))
        if let purpose {
            try await world.expectOK(world.permit.run("database", "purpose", purpose, "--note", "test: acting on other days"))
        }
        for (name, role) in [(supervisor, LoginRole.supervisor), (reviewer, .caseworker), (approver, .caseworker), (clerk, .clerk)] {
            world.permit.logins.add(try await database.login(name, role: role))
        }
        world.permit.logins.add(try await database.login("worker", role: .worker), as: "worker")
        try await world.expectOK(world.permit.run("employer", "add", "--credit-code", Self.institute, "--name", "Guangzhou Institute",
                                                  "--city", "guangzhou", actor: clerk))
        try await world.expectOK(world.permit.run("employer", "add", "--credit-code", Self.parkEmployer, "--name", "Hetao Lab",
                                                  "--city", "shenzhen", "--hetao-park", actor: clerk))
        return world
    }

    static let institute = Fixtures.creditCode(serial: 101)
    static let parkEmployer = Fixtures.creditCode(serial: 202)

    /// Closes and drops the database.
    func close() async { await database.close() }

    @discardableResult
    func expectOK(_ result: PermitResult) throws -> PermitResult {
        guard result.status == 0 else { throw CLIFailure(result: result) }
        return result
    }

    /// Registers an applicant through the CLI and returns its id.
    func addApplicant(serial: Int, city: String = "guangzhou", employer: String = CLIWorld.institute,
                      eepExpires: String = "2036-06-30") async throws -> String {
        let result = try expectOK(try await permit.run(
            "applicant", "add", "--national-id", Fixtures.nationalID(serial: serial), "--name", "Applicant \(serial)",
            "--birth-date", "1985-03-12", "--work-city", city, "--employer", employer,
            "--eep-number", "CA\(String(format: "%07d", serial))", "--eep-expires", eepExpires, actor: CLIWorld.clerk))
        return result.line
    }

    /// Opens and submits a case (as of `asOf` when given: `--as-of` on both); returns its id.
    func submitCase(applicant: String, category: String, destinations: String = "HK,MO", asOf: String? = nil,
                    newEEP: Bool = false) async throws -> String {
        let when = asOf.map { ["--as-of", $0] } ?? []
        let id = try expectOK(try await permit.run(["case", "new", "--applicant", applicant, "--category", category,
                                                    "--destinations", destinations] + (newEEP ? ["--new-eep"] : []) + when,
                                                   actor: CLIWorld.clerk)).line
        try expectOK(try await permit.run(["case", "submit", id] + when, actor: CLIWorld.clerk))
        return id
    }

    /// `permit case show ID --json`.
    func show(_ caseID: String) async throws -> [String: Any] {
        try expectOK(try await permit.run("case", "show", caseID, "--json")).json() as? [String: Any] ?? [:]
    }

    /// The case's state as `permit case show --json` prints it.
    func state(of caseID: String) async throws -> String {
        try await show(caseID)["state"] as? String ?? "?"
    }

    /// Row counts of every table a command may write.
    func rowCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["staff", "employers", "applicants", "travel_documents", "applications", "case_transitions", "case_documents",
                      "hetao_registrations", "list_entries", "endorsements", "endorsement_events", "jobs"] {
            counts[table] = try await database.count(PostgresQuery(unsafeSQL: "SELECT count(*)::int AS n FROM \(table)"))
        }
        return counts
    }
}

/// A command that should have succeeded failed.
struct CLIFailure: Error, CustomStringConvertible {
    let result: PermitResult
    var description: String { "permit failed: \(result)" }
}
