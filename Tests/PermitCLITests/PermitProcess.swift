import Foundation
import PermitCore
import PermitTestSupport
import Postgres

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

/// Runs the `permit` executable built next to the test bundle against one test database.
struct PermitProcess: Sendable {
    /// The database the commands use (passed as DATABASE_URL).
    let database: PermitDatabase

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
    func run(_ arguments: String..., actor: String? = nil, environment extra: [String: String] = [:]) async throws -> PermitResult {
        try await run(arguments, actor: actor, environment: extra)
    }

    /// Runs `permit` with an argument list; `extra` adds environment variables (PERMIT_NOW, PERMIT_LOG_LEVEL).
    func run(_ arguments: [String], actor: String? = nil, environment extra: [String: String] = [:]) async throws -> PermitResult {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = database.database.configuration.conninfo
        environment["PERMIT_LOG_LEVEL"] = "error"
        environment["PERMIT_MIGRATIONS_DIR"] = TestDatabase.repositoryRoot.appendingPathComponent("migrations").path
        environment["PERMIT_SEEDS_DIR"] = TestDatabase.repositoryRoot.appendingPathComponent("seeds").path
        environment.removeValue(forKey: "PERMIT_ACTOR")
        environment.removeValue(forKey: "PERMIT_NOW")
        environment.merge(extra) { $1 }
        let fullArguments = arguments + (actor.map { ["--as", $0] } ?? [])
        let binary = Self.binary
        let finalEnvironment = environment
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.runBlocking(binary, fullArguments, environment: finalEnvironment) })
            }
        }
    }

    private static func runBlocking(_ binary: URL, _ arguments: [String], environment: [String: String]) throws -> PermitResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("permit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return PermitResult(status: process.terminationStatus,
                            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// A migrated and seeded test database with staff, an employer and helpers to count rows.
struct CLIWorld: Sendable {
    let database: PermitDatabase
    let permit: PermitProcess
    static let supervisor = "sup.zhou", reviewer = "cw.wang", approver = "cw.li", clerk = "clerk.zhang"

    /// A fresh database with a bootstrap supervisor, two caseworkers, a clerk, and employers in Guangzhou and the Hetao park.
    /// - Parameter purpose: `training` or `what_if` marks it (through `permit database purpose`) for acting as of other days.
    static func make(_ suite: String, purpose: String? = nil) async throws -> CLIWorld {
        let database = try await PermitDatabase.create(suite)
        let world = CLIWorld(database: database, permit: PermitProcess(database: database))
        if let purpose {
            try await world.expectOK(world.permit.run("database", "purpose", purpose, "--note", "test: acting on other days"))
        }
        try await world.expectOK(world.permit.run("staff", "add", supervisor, "--role", "supervisor"))
        try await world.expectOK(world.permit.run("staff", "add", reviewer, "--role", "caseworker", actor: supervisor))
        try await world.expectOK(world.permit.run("staff", "add", approver, "--role", "caseworker", actor: supervisor))
        try await world.expectOK(world.permit.run("staff", "add", clerk, "--role", "clerk", actor: supervisor))
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
