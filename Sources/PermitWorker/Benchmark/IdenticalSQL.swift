import Foundation
import Logging
import Postgres

/// The minimal screening change as one script of statements, run by the Swift layer and by pgbench on identical SQL.
///
/// The script takes the next case of a queue (`bench_queue`, numbered by a sequence), locks it, and writes what
/// screening writes at least: the case row, two history rows, the completeness check cancelled, the lapse check
/// queued and the screen job done. Both contenders draw from the same queue, so each round screens fresh cases.
enum IdenticalSQL {
    /// The script in pgbench's syntax (`:id`, `:version` are the variables the first statement sets with `\gset`).
    static let script: [String] = [
        "BEGIN",
        """
        SELECT c.id, c.version FROM bench_queue q JOIN applications c ON c.id = q.case_id \
        WHERE q.n = (SELECT nextval('bench_queue_n')) FOR UPDATE OF c
        """,
        """
        UPDATE applications SET state = 'awaiting_documents', version = version + 2, supplementation_due = DATE '2026-04-01', \
        updated_at = now(), snapshot = jsonb_set(jsonb_set(snapshot, '{state}', '"awaiting_documents"'), '{completenessNoticeSent}', 'true') \
        WHERE id = :id
        """,
        """
        INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, metadata, at) \
        VALUES (:id, :version + 1, 'submitted', 'screening', 'begin_screening', 'system', '{}', now()), \
        (:id, :version + 2, 'screening', 'awaiting_documents', 'request_documents', 'system', \
        '{"documents": "employment_certificate,title_certificate"}', now())
        """,
        "UPDATE jobs SET state = 'cancelled', finished_at = now() WHERE case_id = :id AND kind = 'completeness_check' AND state = 'queued'",
        "INSERT INTO jobs (kind, case_id, due_at) VALUES ('lapse_check', :id, now() + interval '30 days')",
        "UPDATE jobs SET state = 'done', finished_at = now() WHERE case_id = :id AND kind = 'screen' AND state = 'queued'",
        "END",
    ]

    /// Statements per transaction, BEGIN and END included.
    static var statementsPerTransaction: Int { script.count }

    /// The script as pgbench reads it: one statement per line, the case read followed by `\gset`.
    static var pgbenchFile: String {
        script.enumerated().map { index, statement in
            index == 1 ? statement + " \\gset" : statement + ";"
        }.joined(separator: "\n") + "\n"
    }

    /// A statement with each `:name` turned into `$n` in order of appearance, as pgbench does, and the names in that order.
    static func parameterized(_ statement: String) -> (sql: String, names: [String]) {
        var sql = ""
        var names: [String] = []
        var scalars = statement.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if scalar == ":", let next = scalars.first, CharacterSet.lowercaseLetters.contains(next) {
                let name = String(String.UnicodeScalarView(scalars.prefix { CharacterSet.lowercaseLetters.contains($0) }))
                scalars = scalars.dropFirst(name.unicodeScalars.count)
                names.append(name)
                sql += "$\(names.count)"
            } else {
                sql.unicodeScalars.append(scalar)
            }
        }
        return (sql, names)
    }

    /// Puts `ids` in the queue both contenders take cases from, in order.
    static func fillQueue(_ ids: [UUID], on connection: PostgresConnection) async throws {
        try await connection.execute(simpleSQL: """
            DROP TABLE IF EXISTS bench_queue; DROP SEQUENCE IF EXISTS bench_queue_n;
            CREATE TABLE bench_queue (n bigint PRIMARY KEY, case_id uuid NOT NULL);
            CREATE SEQUENCE bench_queue_n;
            """)
        try await connection.query("""
            INSERT INTO bench_queue (n, case_id) SELECT ordinality, id FROM unnest(\(ids)::uuid[]) WITH ORDINALITY AS q(id, ordinality)
            """)
        try await connection.execute(simpleSQL: "ANALYZE bench_queue")
    }

    /// What one contender's run cost.
    struct Run: Sendable {
        /// Transactions per second.
        var transactionsPerSecond: Double
        /// CPU seconds (user + system) of the client.
        var cpuSeconds: Double
        /// Context switches of the client (voluntary and involuntary).
        var contextSwitches: Int
    }

    /// Runs `transactions` scripts over `connections` connections through the Swift layer (connections opened
    /// before the clock starts, as pgbench's figure excludes its connection time). Each transaction runs isolated to
    /// its connection; BEGIN goes to the server with the first statement.
    static func runSwift(transactions: Int, connections: Int, configuration: PostgresConfiguration, logger: Logger) async throws -> Run {
        let statements = script.dropFirst().dropLast().map(parameterized)
        var opened: [PostgresConnection] = []
        for _ in 0..<connections { opened.append(try await PostgresConnection.connect(configuration, logger: logger)) }
        defer { for connection in opened { Task { await connection.close() } } }
        let perConnection = transactions / connections
        let before = ProcessUsage.now(.process)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in opened {
                group.addTask {
                    try await connection.run { connection in
                        for _ in 0..<perConnection {
                            try await connection.transaction { connection in
                                let row = try await connection.query(PostgresQuery(unsafeSQL: statements[0].sql))
                                guard let first = row.first, let id = first["id"], let version = first["version"] else {
                                    throw JobFailure("benchmark check failed: the queue ran out of cases")
                                }
                                let variables = ["id": id, "version": version]
                                for statement in statements.dropFirst() {
                                    try await connection.query(PostgresQuery(unsafeSQL: statement.sql, binds: statement.names.map { variables[$0] }))
                                }
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = (ContinuousClock.now - start).inSeconds
        let used = ProcessUsage.now(.process) - before
        return Run(transactionsPerSecond: Double(perConnection * connections) / elapsed, cpuSeconds: used.cpuSeconds,
                   contextSwitches: used.contextSwitches)
    }

    /// Runs the same script with `pgbench -M prepared` over `connections` connections; nil when pgbench is not on PATH.
    static func runPgbench(_ pgbench: URL, transactions: Int, connections: Int, configuration: PostgresConfiguration) async throws -> Run {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("permit-bench-\(getpid()).sql")
        try pgbenchFile.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = pgbench
        process.arguments = ["-n", "-M", "prepared", "-c", String(connections), "-j", String(connections),
                             "-t", String(transactions / connections), "-f", file.path, configuration.conninfo]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let before = ProcessUsage.now(.children)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let used = ProcessUsage.now(.children) - before
        guard status == 0, let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
              let tps = Double(line.dropFirst(6).prefix { !$0.isWhitespace }) else {
            throw JobFailure("pgbench failed (exit \(status)): \(text.suffix(1000))")
        }
        return Run(transactionsPerSecond: tps, cpuSeconds: used.cpuSeconds, contextSwitches: used.contextSwitches)
    }

    /// pgbench on PATH, if any.
    static func findPgbench() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("pgbench")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
