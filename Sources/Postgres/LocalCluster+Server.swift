import CLibPQ
import Foundation
import Glibc
import Logging

extension LocalCluster {
    /// The postmaster options: port, socket folder, no TCP, and the fast-but-unsafe settings for test clusters.
    var serverOptions: String {
        var options = "-p \(port) -k '\(socketDirectory.path)' -c listen_addresses=''"
        if durability == .fastTestsOnly {
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        }
        return options
    }

    /// Creates `directory` (mode 0700; owned by `postgres` when running as root) and checks the socket path fits.
    func prepareDirectory() throws {
        let socketPath = socketDirectory.path + "/.s.PGSQL.\(port)"
        guard socketPath.utf8.count < 100 else {
            throw LocalClusterError(message: "the cluster folder \(directory.path) is too deep for a Unix socket path (\(socketPath.utf8.count) bytes, limit 100); choose a shorter folder")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw LocalClusterError(message: "cannot create the cluster folder \(directory.path): \(error.localizedDescription)")
        }
        if let owner = ServerUser.whenRoot {
            try ensureParentsTraversable()
            guard chown(directory.path, owner.uid, owner.gid) == 0 else {
                throw LocalClusterError(message: "cannot give \(directory.path) to the postgres user: \(String(cString: strerror(errno)))")
            }
        }
        guard chmod(directory.path, 0o700) == 0 else {
            throw LocalClusterError(message: "cannot set mode 0700 on \(directory.path): \(String(cString: strerror(errno)))")
        }
    }

    /// As root, every folder above `directory` must be searchable by others so the postgres user can reach it.
    private func ensureParentsTraversable() throws {
        var folder = directory.deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            var info = stat()
            if stat(folder.path, &info) == 0, info.st_mode & 0o001 == 0 {
                throw LocalClusterError(message: "the postgres user cannot reach \(directory.path) because \(folder.path) is not searchable by others; put the cluster under /tmp or run chmod o+x \(folder.path)")
            }
            folder = folder.deletingLastPathComponent()
        }
    }

    /// Runs initdb (`-U postgres -A trust -E UTF8 --locale=C.UTF-8`).
    func initialize(logger: Logger) throws {
        logger.info("creating PostgreSQL cluster", metadata: ["directory": "\(directory.path)"])
        var arguments = ["-D", dataDirectory.path, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]
        if durability == .fastTestsOnly { arguments.append("--no-sync") }
        try runAsServerUser("initdb", arguments)
    }

    /// Runs `pg_ctl start -w` and waits until the server accepts connections; the error quotes the log's end.
    func start(logger: Logger) throws {
        logger.info("starting PostgreSQL", metadata: ["directory": "\(directory.path)", "port": "\(port)"])
        do {
            try runAsServerUser("pg_ctl", ["-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "-o", serverOptions, "start"])
        } catch let error as LocalClusterError {
            throw LocalClusterError(message: "\(error.message)\nlast lines of \(logFile.path):\n\(logTail())")
        }
        try waitUntilAccepting()
    }

    /// Polls PQping until the server accepts connections (pg_ctl -w normally already waited).
    func waitUntilAccepting(timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        let conninfo = configuration(database: "postgres").conninfo + " connect_timeout=2"
        while PQping(conninfo) != PQPING_OK {
            guard Date() < deadline else {
                throw LocalClusterError(message: "PostgreSQL in \(directory.path) did not accept connections within \(Int(timeout)) s; see \(logFile.path):\n\(logTail())")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Runs one of PostgreSQL's programs, via `runuser -u postgres` when root.
    func runAsServerUser(_ program: String, _ arguments: [String]) throws {
        let programPath = try Self.binDirectory().appendingPathComponent(program).path
        if ServerUser.whenRoot != nil {
            let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            guard let runuser else {
                throw LocalClusterError(message: "running as root needs runuser to start PostgreSQL as the postgres user; install util-linux")
            }
            _ = try ClusterProcess.run(executable: runuser, arguments: ["-u", "postgres", "--", programPath] + arguments)
        } else {
            _ = try ClusterProcess.run(executable: programPath, arguments: arguments)
        }
    }

    /// The last lines of the server log (or why it cannot be read).
    func logTail(lines: Int = 15) -> String {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return "(no log at \(logFile.path))" }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}

/// The `postgres` system account, needed when the current user is root.
enum ServerUser {
    /// The uid/gid of `postgres` when running as root; nil when not root.
    static var whenRoot: (uid: uid_t, gid: gid_t)? {
        guard getuid() == 0 else { return nil }
        guard let entry = getpwnam("postgres") else { return (0, 0) }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }
}

/// Runs a program to completion and returns its output, or throws with its output when it fails.
enum ClusterProcess {
    static func run(executable: String, arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw LocalClusterError(message: "cannot run \(executable): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let command = ([executable] + arguments).joined(separator: " ")
            throw LocalClusterError(message: "\(command) failed with status \(process.terminationStatus):\n\(text.trimmingWhitespace)")
        }
        return text
    }
}

/// An exclusive advisory lock (flock) on a file, held while `body` runs; it serialises processes.
enum ClusterFileLock {
    static func withLock<T>(at url: URL, _ body: () throws -> T) throws -> T {
        let descriptor = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LocalClusterError(message: "cannot open the lock file \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw LocalClusterError(message: "cannot lock \(url.path): \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

/// CREATE DATABASE, retried briefly while the template is busy (55006: another session is copying it).
enum DatabaseCreation {
    static func run(_ sql: String, on connection: PostgresConnection, logger: Logger) async throws {
        var attempt = 0
        while true {
            do {
                try await connection.execute(simpleSQL: sql)
                return
            } catch let error as PostgresError where error.sqlState == SQLState.objectInUse && attempt < 20 {
                attempt += 1
                logger.debug("template database busy; retrying", metadata: ["attempt": "\(attempt)"])
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }
}
