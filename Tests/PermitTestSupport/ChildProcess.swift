import Foundation
import Glibc

/// Runs a program to its end with posix_spawn and waitpid: its exit status and what it wrote.
///
/// Foundation's `Process.waitUntilExit` was seen to hang when the child starts a daemon (`permit` starting its
/// embedded PostgreSQL): the child is never reaped. Output goes through files, so a daemon holding the child's
/// descriptors cannot block a pipe either.
public enum ChildProcess {
    /// What a finished program left.
    public struct Outcome: Sendable {
        /// Its exit status (128 + signal when killed by one).
        public let status: Int32
        /// Its standard output.
        public let stdout: String
        /// Its standard error.
        public let stderr: String
    }

    /// Runs `executable arguments…` with exactly `environment`, `input` on standard input.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                           input: String = "") throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("permit-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = ["in", "out", "err"].map { folder.appendingPathComponent($0).path }
        try Data(input.utf8).write(to: URL(fileURLWithPath: paths[0]))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, paths[0], O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, paths[1], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, paths[2], O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child = pid_t()
        let spawned = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw ChildProcessError(message: "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { throw ChildProcessError(message: "lost \(executable): \(String(cString: strerror(errno)))") }
        }
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let exited = status & 0x7f == 0
        return Outcome(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stdout: read(paths[1]), stderr: read(paths[2]))
    }
}

/// A child program could not be started or waited for.
public struct ChildProcessError: Error, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// The message.
    public var description: String { message }
}
