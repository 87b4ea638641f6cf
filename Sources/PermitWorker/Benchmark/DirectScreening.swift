import Foundation
import Logging
import PermitStore
import Postgres

/// The benchmark's baselines: the change the worker makes to a screened case (submitted → screening →
/// awaiting documents: state, snapshot, two history rows, completeness check cancelled, lapse check queued,
/// screen job done) as hand-written statements, with no claim, lease, fencing or PermitCore decision. Like a worker
/// lane's claim, the cases go in groups of `WorkerSettings().claimBatch`, one transaction and one completion
/// statement per group.
///
/// - `sameStatements` issues the statements the worker's case door issues for those two transitions, in the door's flights (one read
///   of the case and its facts, one update, one two-row history insert), so the ratio
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
    static func run(_ ids: [UUID], mode: Mode, template: UUID, lanes: Int, configuration: PostgresConfiguration, at now: Date,
                    supplementationDue: String, logger: Logger) async throws -> Int {
        let reader = try await PostgresConnection.connect(configuration, logger: logger)
        let columns = try await TemplateColumns.read(template, on: reader)
        await reader.close()
        let slices = (0..<lanes).map { lane in stride(from: lane, to: ids.count, by: lanes).map { ids[$0] } }
        let batch = WorkerSettings().claimBatch
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for slice in slices where !slice.isEmpty {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration, logger: logger)
                    do {
                        for start in stride(from: 0, to: slice.count, by: batch) {
                            let claim = Array(slice[start..<min(start + batch, slice.count)])  // as a lane claims them
                            try await connection.transaction { connection in
                                for id in claim {
                                    switch mode {
                                    case .minimal: try await advance(id, at: now, supplementationDue: supplementationDue, on: connection)
                                    case .sameStatements:
                                        try await advanceLikeTheDoor(id, columns: columns, at: now, supplementationDue: supplementationDue,
                                                                     on: connection)
                                    }
                                }
                                try await connection.enqueue("""
                                    UPDATE jobs SET state = 'done', finished_at = now()
                                     WHERE case_id = ANY(\(claim.map(\.uuidString))::uuid[]) AND kind = 'screen' AND state = 'queued'
                                    """)
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

    /// The minimal change of one case, inside the caller's transaction.
    private static func advance(_ id: UUID, at now: Date, supplementationDue: String, on connection: PostgresConnection) async throws {
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
    }

    /// The case columns the door writes that are the same for every clone of the template (read once, untimed).
    struct TemplateColumns: Sendable {
        var policyVersion: String?
        var preparedBy: String?
        /// The preparers as an array literal (`{a,b}`), bound as text like the door's array parameter.
        var preparers: String
        var submittedOn: String?

        static func read(_ template: UUID, on connection: PostgresConnection) async throws -> TemplateColumns {
            let row = try await connection.query("""
                SELECT policy_version, prepared_by, preparers::text AS preparers, submitted_on::text AS submitted_on
                  FROM applications WHERE id = \(template)
                """).first!
            return TemplateColumns(policyVersion: try row.decode("policy_version"), preparedBy: try row.decode("prepared_by"),
                                   preparers: try row.decode("preparers"), submittedOn: try row.decode("submitted_on"))
        }
    }

    /// The door's statements with the door's shapes and payloads: a case read and a facts read; the full update to
    /// the second transition's case (every column the door sets and the whole snapshot, here the case's own with its
    /// state edited as text) and one insert of both history rows with their metadata; then the job effects (the
    /// completion is the group's). Inside the caller's transaction.
    /// Only the decisions are left out: they are the template's, worked out by PermitCore beforehand.
    private static func advanceLikeTheDoor(_ id: UUID, columns: TemplateColumns, at now: Date, supplementationDue: String,
                                           on connection: PostgresConnection) async throws {
        // The door's flights: the case and its facts read in one, every write queued for the next case's reads or the COMMIT.
        let reads = try await connection.pipeline([
            "SELECT snapshot::text AS snapshot, version, eep_number, created_at FROM applications WHERE id = \(id)",
            CaseFactsLookup.query(for: id),
        ])
        let version: Int = try reads[0].first!.decode("version")
        var snapshot: String = try reads[0].first!.decode("snapshot")
        snapshot = snapshot.replacingOccurrences(of: #""state": "submitted""#, with: #""state": "awaiting_documents""#)
        try await update(id, version: version, movingOn: 2, state: "awaiting_documents", supplementationDue: supplementationDue,
                         snapshot: snapshot, columns: columns, at: now, on: connection)
        try await history(id, firstSeq: version + 1, [
            ("submitted", "screening", "begin_screening", [:]),
            ("screening", "awaiting_documents", "request_documents", ["documents": "employment_certificate,title_certificate"]),
        ], at: now, on: connection)
        try await connection.enqueue("""
            UPDATE jobs SET state = 'cancelled', finished_at = now()
             WHERE case_id = \(id) AND kind = \("completeness_check") AND state = 'queued'
            """)
        try await connection.enqueue("""
            INSERT INTO jobs (kind, case_id, due_at, payload, max_attempts)
            VALUES (\("lapse_check"), \(id), \(now.addingTimeInterval(30 * 86_400)), \("{}")::jsonb, \(5))
            """)
    }

    /// The door's case update (`CaseRepository.write`), column for column.
    private static func update(_ id: UUID, version: Int, movingOn count: Int, state: String, supplementationDue: String?, snapshot: String,
                               columns: TemplateColumns, at now: Date, on connection: PostgresConnection) async throws {
        let none: String? = nil
        try await connection.enqueue("""
            WITH changed AS (
                UPDATE applications SET
                    state = \(state), version = version + \(count), policy_version = \(columns.policyVersion),
                    assignee = \(none), prepared_by = \(columns.preparedBy), preparers = \(columns.preparers)::text[],
                    reviewed_by = \(none),
                    approved_by = \(none), submitted_on = \(columns.submittedOn)::date,
                    accepted_on = \(none)::date, decided_on = \(none)::date,
                    decision_due = \(none)::date,
                    supplementation_due = \(supplementationDue)::date,
                    reason_code = \(none), snapshot = \(snapshot)::jsonb, updated_at = \(now)
                 WHERE id = \(id) AND version = \(version)
                RETURNING 1
            )
            SELECT require_one_row((SELECT count(*) FROM changed), 'case changed')
            """)
    }

    /// The door's history insert (`CaseHistory.insert`, the same statement): one row per (from, to, event, metadata).
    private static func history(_ id: UUID, firstSeq: Int, _ rows: [(from: String, to: String, event: String, metadata: [String: String])],
                                at now: Date, on connection: PostgresConnection) async throws {
        try await connection.enqueue(CaseHistory.insert(rows.enumerated().map { offset, row in
            CaseHistory.Row(caseID: id, seq: firstSeq + offset, from: row.from, to: row.to, event: row.event, actor: "system",
                            metadata: row.metadata, at: now)
        }))
    }
}
