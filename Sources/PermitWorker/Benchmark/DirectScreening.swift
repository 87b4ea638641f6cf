import Foundation
import Logging
import Postgres

/// The benchmark's baseline: the same change the worker makes to a screened case (submitted → screening →
/// awaiting documents: state, snapshot, two history rows, completeness check cancelled, lapse check queued,
/// screen job done) as hand-written statements in one transaction per case, no claim, lease or fencing.
enum DirectScreening {
    /// Advances every case in `ids` over `lanes` connections (one connection per lane); returns how many advanced.
    static func run(_ ids: [UUID], lanes: Int, configuration: PostgresConfiguration, at now: Date,
                    supplementationDue: String, logger: Logger) async throws -> Int {
        let slices = (0..<lanes).map { lane in stride(from: lane, to: ids.count, by: lanes).map { ids[$0] } }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for slice in slices where !slice.isEmpty {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration, logger: logger)
                    do {
                        for id in slice { try await advance(id, at: now, supplementationDue: supplementationDue, on: connection) }
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
}
