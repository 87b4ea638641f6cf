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

    /// Runs initdb (`-U` the first operator role, `--auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8`); the
    /// authentication files are then made PermitFlow's (`secureAuthentication`).
    func initialize(logger: Logger) throws {
        logger.info("creating PostgreSQL cluster", metadata: ["directory": "\(directory.path)"])
        var arguments = ["-D", dataDirectory.path, "-U", operatorRoles[0], "--auth-local=peer", "--auth-host=scram-sha-256",
                         "-E", "UTF8", "--locale=C.UTF-8"]
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

    /// Makes the running server read its authentication files again (`pg_ctl reload`).
    func reload() throws {
        try runAsServerUser("pg_ctl", ["-D", dataDirectory.path, "reload"])
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

/// Runs a program to completion with posix_spawn and waitpid, returning its output (stdout and stderr, via a
/// temporary file so a daemon it leaves behind cannot hold a pipe open), or throwing with the output when it fails.
///
/// Foundation's `Process.waitUntilExit` was seen to hang here after `pg_ctl start` (the child was never reaped).
enum ClusterProcess {
    static func run(executable: String, arguments: [String]) throws -> String {
        var template = Array("/tmp/permitflow-command-XXXXXX".utf8CString)
        let outputDescriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard outputDescriptor >= 0 else {
            throw LocalClusterError(message: "cannot create a temporary file for the output of \(executable): \(String(cString: strerror(errno)))")
        }
        _ = fcntl(outputDescriptor, F_SETFD, FD_CLOEXEC)
        let outputPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer {
            close(outputDescriptor)
            unlink(outputPath)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 2)

        let argv = CStringArray([executable] + arguments)
        var processID = pid_t()
        let spawned = argv.withPointers { pointers in
            pointers.withMemoryRebound(to: UnsafeMutablePointer<CChar>?.self, capacity: arguments.count + 2) { argvPointer in
                posix_spawn(&processID, executable, &actions, nil, argvPointer, environ)
            }
        }
        guard spawned == 0 else {
            throw LocalClusterError(message: "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(processID, &status, 0) < 0 {
            guard errno == EINTR else {
                throw LocalClusterError(message: "lost track of \(executable) (pid \(processID)): \(String(cString: strerror(errno)))")
            }
        }
        let output = (FileManager.default.contents(atPath: outputPath)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let exitedNormally = status & 0x7f == 0
        let exitCode = (status >> 8) & 0xff
        guard exitedNormally, exitCode == 0 else {
            let command = ([executable] + arguments).joined(separator: " ")
            let how = exitedNormally ? "status \(exitCode)" : "signal \(status & 0x7f)"
            throw LocalClusterError(message: "\(command) failed with \(how):\n\(output.trimmingWhitespace)")
        }
        return output
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
