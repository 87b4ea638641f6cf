import Foundation
import Postgres

/// Checks the hash chains of the case and endorsement histories from outside the database, takes checkpoints whose
/// digest an operator keeps elsewhere, and proves against such a digest that nothing written before it changed.
public enum HistoryAudit {
    /// Rows fetched per round trip.
    static let pageSize = 2_000

    /// Walks every chain (or one case's, with its endorsements') and names each row that does not match its hash.
    /// With `digest`, also recomputes the heads as of that checkpoint and compares them with it.
    public static func verify(caseID: UUID? = nil, against digest: String? = nil, pool: PostgresPool) async throws -> AuditReport {
        if let digest, !isDigest(digest) {
            throw StoreError.invalid("against", "'\(digest)' is not a digest: 64 hexadecimal characters from `permit audit head`")
        }
        if digest != nil && caseID != nil {
            throw StoreError.invalid("against", "a checkpoint covers every chain: use --against without --case")
        }
        return try await StoreTransaction.run(on: pool, isolationLevel: .repeatableRead, readOnly: true) { connection in
            guard let digest = digest?.lowercased() else {
                var walk = ChainWalk()
                try await walkChains(only: caseID, snapshot: nil, into: &walk, on: connection)
                _ = walk.finish()
                return walk.report
            }
            let rows = try await connection.query("""
                SELECT snapshot::text AS snapshot, chains, entries, taken_at, taken_by FROM audit_checkpoints WHERE digest = \(digest)
                """)
            var walk = ChainWalk()
            guard let row = rows.first else {
                try await walkChains(only: nil, snapshot: nil, into: &walk, on: connection)
                var report = walk.report
                report.findings.append(AuditFinding(chain: "checkpoint", seq: 0,
                    problem: "no checkpoint has the digest \(digest): it was taken on another database, or its record was removed"))
                return report
            }
            try await walkChains(only: nil, snapshot: try row.decode("snapshot", as: String.self), into: &walk, on: connection)
            let recomputed = walk.finish()
            var report = walk.report
            let chains: Int = try row.decode("chains"), entries: Int = try row.decode("entries")
            let matches = recomputed == digest
            report.checkpoint = CheckpointCheck(digest: digest, takenAt: try row.decode("taken_at"), takenBy: try row.decode("taken_by"),
                                                chains: chains, entries: entries, matches: matches)
            if !matches {
                report.findings.append(AuditFinding(chain: "checkpoint", seq: 0, problem: """
                    the history written before this checkpoint no longer gives its digest: rows it covered were changed, removed \
                    or re-hashed (it covered \(chains) chains and \(entries) rows; they now give \(walk.checkpointChains) chains \
                    and \(walk.checkpointEntries) rows, digest \(recomputed))
                    """))
            }
            return report
        }
    }

    /// Verifies every chain and, when all match, records a checkpoint of their heads; returns its digest (nil with
    /// the findings when something does not match: no checkpoint is taken over a broken history).
    public static func head(pool: PostgresPool) async throws -> (checkpoint: AuditCheckpoint?, report: AuditReport) {
        try await StoreTransaction.run(on: pool, isolationLevel: .repeatableRead) { connection in
            let snapshot: String = try await connection.query("SELECT pg_current_snapshot()::text AS s").first!.decode("s")
            var walk = ChainWalk()
            try await walkChains(only: nil, snapshot: nil, into: &walk, on: connection)
            let digest = walk.finish()
            guard walk.report.intact else { return (nil, walk.report) }
            try await connection.query("""
                INSERT INTO audit_checkpoints (digest, snapshot, chains, entries)
                VALUES (\(digest), \(snapshot)::pg_snapshot, \(walk.checkpointChains), \(walk.checkpointEntries))
                ON CONFLICT (digest) DO NOTHING
                """)
            // Absent only when another session recorded the same digest after this transaction's snapshot.
            guard let row = try await connection.query("SELECT taken_at FROM audit_checkpoints WHERE digest = \(digest)").first else {
                throw StoreError(.conflict, "another `permit audit head` recorded the same checkpoint at this moment; run it again")
            }
            return (AuditCheckpoint(digest: digest, chains: walk.checkpointChains, entries: walk.checkpointEntries,
                                    takenAt: try row.decode("taken_at")), walk.report)
        }
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && [UInt8](hex: text) != nil
    }

    /// Streams the case chains (by case id), then the endorsement chains (by number, bytewise), page by page.
    private static func walkChains(only caseID: UUID?, snapshot: String?, into walk: inout ChainWalk,
                                   on connection: PostgresConnection) async throws {
        var after = (chain: "00000000-0000-0000-0000-000000000000", seq: 0)
        while true {
            let rows = try await connection.query("""
                SELECT case_id::text AS chain, seq, from_state, to_state, event, actor, login, reason_code, note,
                       metadata::text AS metadata, ((extract(epoch FROM at) * 1000000)::bigint)::text AS at_us,
                       encode(hash, 'hex') AS hash,
                       (\(snapshot)::pg_snapshot IS NULL OR xact IS NULL OR pg_visible_in_snapshot(xact, \(snapshot)::pg_snapshot)) AS covered
                  FROM case_transitions
                 WHERE (case_id, seq) > (\(after.chain)::uuid, \(after.seq)) AND (\(caseID)::uuid IS NULL OR case_id = \(caseID)::uuid)
                 ORDER BY case_id, seq LIMIT \(pageSize)
                """)
            for row in rows {
                let chain: String = try row.decode("chain"), seq: Int = try row.decode("seq")
                walk.visit(chain: "case \(chain)", seq: seq, fields: [
                    HistoryEntryBytes.caseLayout, chain, String(seq), row["from_state"], row["to_state"], row["event"], row["actor"],
                    row["login"], row["reason_code"], row["note"], row["metadata"], row["at_us"],
                ], storedHash: row["hash"].flatMap { [UInt8](hex: $0) }, inCheckpoint: try row.decode("covered"))
                after = (chain, seq)
            }
            if rows.count < pageSize { break }
        }
        var afterNumber = (chain: "", seq: 0)
        while true {
            let rows = try await connection.query("""
                SELECT number AS chain, seq, from_status, to_status, actor, login, reason_code, note,
                       ((extract(epoch FROM at) * 1000000)::bigint)::text AS at_us, encode(hash, 'hex') AS hash,
                       (\(snapshot)::pg_snapshot IS NULL OR xact IS NULL OR pg_visible_in_snapshot(xact, \(snapshot)::pg_snapshot)) AS covered
                  FROM endorsement_events
                 WHERE (number COLLATE "C", seq) > (\(afterNumber.chain) COLLATE "C", \(afterNumber.seq))
                   AND (\(caseID)::uuid IS NULL OR number IN (SELECT e.number FROM endorsements e WHERE e.case_id = \(caseID)::uuid))
                 ORDER BY number COLLATE "C", seq LIMIT \(pageSize)
                """)
            for row in rows {
                let chain: String = try row.decode("chain"), seq: Int = try row.decode("seq")
                walk.visit(chain: "endorsement \(chain)", seq: seq, fields: [
                    HistoryEntryBytes.endorsementLayout, chain, String(seq), row["from_status"], row["to_status"], row["actor"],
                    row["login"], row["reason_code"], row["note"], row["at_us"],
                ], storedHash: row["hash"].flatMap { [UInt8](hex: $0) }, inCheckpoint: try row.decode("covered"))
                afterNumber = (chain, seq)
            }
            if rows.count < pageSize { break }
        }
    }
}
