import Foundation
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

/// The audit's own encoding of a history row is byte for byte the database's (migration 0006).
@Suite("History rows hash the same inside and outside the database")
struct HistoryEntryBytesTests {
    @Test(arguments: [
        ["permitflow.case_transitions.v1", "a", nil, ""],
        ["林浩 (Lin Hao)", "O'Hara \"quoted\"", "line\nbreak\ttab", nil, nil],
        [String(repeating: "é", count: 300), "{\"endorsements\": \"HK1,MO2\"}", "1733212800123456"],
    ] as [[String?]])
    func encodingMatchesTheDatabase(fields: [String?]) async throws {
        let db = try await PermitDatabase.create("hash_bytes", seeded: false)
        let (bytes, hash) = try await db.pool.withConnection { connection in
            let row = try await connection.query("""
                SELECT encode(history_entry_bytes(\(fields.map { $0 ?? "" })::text[]), 'hex') AS bytes,
                       encode(sha256(history_chain_start() || history_entry_bytes(\(fields.map { $0 ?? "" })::text[])), 'hex') AS hash
                """).first!
            return (try row.decode("bytes", as: String.self), try row.decode("hash", as: String.self))
        }
        let nonNull = fields.map { $0 ?? "" }
        #expect(HistoryEntryBytes.encode(nonNull).hex == bytes)
        #expect(HistoryEntryBytes.chainedHash(previous: HistoryEntryBytes.chainStart, fields: nonNull).hex == hash)
        // NULL is its own marker, never the empty string.
        let withNull = try await db.pool.withConnection { connection in
            try await connection.query("SELECT encode(history_entry_bytes(ARRAY['x', NULL]), 'hex') AS bytes").first!.decode("bytes", as: String.self)
        }
        #expect(HistoryEntryBytes.encode(["x", nil]).hex == withNull)
        #expect(withNull != HistoryEntryBytes.encode(["x", ""]).hex)
        await db.close()
    }
}
