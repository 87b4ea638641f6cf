import Foundation
import Glibc
import PermitTestSupport
import Postgres

/// A `permit worker` subprocess (the built binary next to the test bundle) on a test database.
final class WorkerProcess: @unchecked Sendable {
    let process = Process()
    let output: URL

    /// Starts `permit worker` with `arguments`, connected to `configuration`, logging to a temporary file.
    init(configuration: PostgresConfiguration, arguments: [String] = []) throws {
        process.executableURL = try Self.binary()
        process.arguments = ["worker", "--poll-seconds", "0.2", "--lease-seconds", "3", "--heartbeat-seconds", "0.5"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = configuration.conninfo
        environment["PERMIT_LOG_LEVEL"] = "info"
        process.environment = environment
        output = FileManager.default.temporaryDirectory.appendingPathComponent("permit-worker-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Sends a signal (SIGKILL, SIGTERM).
    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to exit (bounded); returns its status, or nil if it did not exit in time.
    func waitForExit(seconds: Double = 30) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// What the worker logged.
    var log: String {
        (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    /// The `permit` executable built beside this test bundle (…/debug/permit).
    static func binary() throws -> URL {
        var candidates: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for folder in candidates {
            var directory = folder
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("permit")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw WorkerProcessError(message: "the permit binary was not found next to the test bundle (\(Bundle.main.bundleURL.path))")
    }
}

struct WorkerProcessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
