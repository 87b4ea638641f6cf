import Foundation
import Logging
import PermitStore
import Postgres

/// The benchmark's baselines: the change the worker makes to a screened case (submitted → screening →
/// awaiting documents: state, snapshot, two history rows, completeness check cancelled, lapse check queued,
/// screen job done) as hand-written statements in one transaction per case, with no claim, lease, fencing or
/// PermitCore decision.
///
/// - `sameStatements` issues the statements the worker's case door issues for those two transitions (one read
///   of the case and its facts, two updates, two history rows, the history check between them), so the ratio
///   shows the cost of the worker machinery and the Swift decisions;
/// - `minimal` issues only the writes (one read, one update, one two-row insert), the floor for this change.
enum DirectScreening {
    /// Which baseline.
    enum Mode: Sendable {
        /// The statements of the case door, hand-written.
        case sameStatements
        /// The writes only.
        case minimal
    }

    /// Advances every case in `ids` over `lanes` connections (one connection per lane); returns how many advanced.
    static func run(_ ids: [UUID], mode: Mode, lanes: Int, configuration: PostgresConfiguration, at now: Date,
                    supplementationDue: String, logger: Logger) async throws -> Int {
        let slices = (0..<lanes).map { lane in stride(from: lane, to: ids.count, by: lanes).map { ids[$0] } }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for slice in slices where !slice.isEmpty {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration, logger: logger)
                    do {
                        for id in slice {
                            switch mode {
                            case .minimal: try await advance(id, at: now, supplementationDue: supplementationDue, on: connection)
                            case .sameStatements: try await advanceLikeTheDoor(id, at: now, supplementationDue: supplementationDue, on: connection)
                            }
                        }
                        await connection.close()
                    } catch {
                        await connection.close()
                        throw error
                    }
                    return slice.count
                }
            }
            return try await group.reduce(0, +)
        }
    }

    private static func advance(_ id: UUID, at now: Date, supplementationDue: String, on connection: PostgresConnection) async throws {
        try await connection.transaction { connection in
            let row = try await connection.query("SELECT version FROM applications WHERE id = \(id) FOR UPDATE")
            let version: Int = try row.first!.decode("version")
            try await connection.query("""
                UPDATE applications SET state = 'awaiting_documents', version = version + 2,
                       supplementation_due = \(supplementationDue)::date, updated_at = \(now),
                       snapshot = jsonb_set(jsonb_set(snapshot, '{state}', '"awaiting_documents"'), '{completenessNoticeSent}', 'true')
                 WHERE id = \(id)
                """)
            try await connection.query("""
                INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, metadata, at)
                VALUES (\(id), \(version + 1), 'submitted', 'screening', 'begin_screening', 'system', '{}', \(now)),
                       (\(id), \(version + 2), 'screening', 'awaiting_documents', 'request_documents', 'system',
                        '{"documents": "employment_certificate,title_certificate"}', \(now))
                """)
            try await connection.query("""
                UPDATE jobs SET state = 'cancelled', finished_at = now()
                 WHERE case_id = \(id) AND kind = 'completeness_check' AND state = 'queued'
                """)
            try await connection.query("""
                INSERT INTO jobs (kind, case_id, due_at) VALUES ('lapse_check', \(id), \(now.addingTimeInterval(30 * 86_400)))
                """)
            try await connection.query("""
                UPDATE jobs SET state = 'done', finished_at = now() WHERE case_id = \(id) AND kind = 'screen' AND state = 'queued'
                """)
        }
    }

    /// The door's statements: a case read and a facts read, per transition the update and the history row, then
    /// the job effects and the job's completion.
    private static func advanceLikeTheDoor(_ id: UUID, at now: Date, supplementationDue: String,
                                           on connection: PostgresConnection) async throws {
        try await connection.transaction { connection in
            var version = try await readCase(id, on: connection)
            try await readFacts(id, on: connection)
            try await connection.query("""
                UPDATE applications SET state = 'screening', version = version + 1, updated_at = \(now),
                       snapshot = jsonb_set(snapshot, '{state}', '"screening"')
                 WHERE id = \(id) AND version = \(version)
                """)
            try await connection.query("""
                INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, metadata, at)
                VALUES (\(id), \(version + 1), 'submitted', 'screening', 'begin_screening', 'system', '{}', \(now))
                """)
            try await connection.execute(simpleSQL: """
                SET CONSTRAINTS applications_history_written IMMEDIATE; SET CONSTRAINTS applications_history_written DEFERRED
                """)
            version += 1
            try await connection.query("""
                UPDATE applications SET state = 'awaiting_documents', version = version + 1,
                       supplementation_due = \(supplementationDue)::date, updated_at = \(now),
                       snapshot = jsonb_set(jsonb_set(snapshot, '{state}', '"awaiting_documents"'), '{completenessNoticeSent}', 'true')
                 WHERE id = \(id) AND version = \(version)
                """)
            try await connection.query("""
                INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, metadata, at)
                VALUES (\(id), \(version + 1), 'screening', 'awaiting_documents', 'request_documents', 'system',
                        '{"documents": "employment_certificate,title_certificate"}', \(now))
                """)
            try await connection.query("""
                UPDATE jobs SET state = 'cancelled', finished_at = now()
                 WHERE case_id = \(id) AND kind = 'completeness_check' AND state = 'queued'
                """)
            try await connection.query("""
                INSERT INTO jobs (kind, case_id, due_at, payload, max_attempts)
                VALUES ('lapse_check', \(id), \(now.addingTimeInterval(30 * 86_400)), '{}'::jsonb, 5)
                """)
            try await connection.query("""
                UPDATE jobs SET state = 'done', finished_at = now() WHERE case_id = \(id) AND kind = 'screen' AND state = 'queued'
                """)
        }
    }

    private static func readCase(_ id: UUID, on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query("""
            SELECT snapshot::text AS snapshot, version, eep_number, created_at FROM applications WHERE id = \(id)
            """)
        return try rows.first!.decode("version")
    }

    /// The facts statement of the case door.
    private static func readFacts(_ id: UUID, on connection: PostgresConnection) async throws {
        try await connection.query(CaseFactsLookup.query(for: id))
    }
}
