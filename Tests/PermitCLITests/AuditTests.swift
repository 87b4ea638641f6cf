import Foundation
import PermitTestSupport
import Postgres
import Testing

/// `permit audit`: the hash-chained history checked from outside the database.
@Suite("permit audit: tamper-evident history")
struct AuditTests {
    /// A world with a research case screened by the worker (four history rows) and a Hetao case issued straight
    /// through (its endorsement has a history of its own).
    func world(_ suite: String) async throws -> (CLIWorld, research: String, hetao: String) {
        let world = try await CLIWorld.make(suite)
        let research = try await world.submitCase(applicant: try await world.addApplicant(serial: 1), category: "research")
        let park = try await world.addApplicant(serial: 2, city: "shenzhen", employer: CLIWorld.parkEmployer)
        try world.expectOK(try await world.permit.run("registry", "hetao", "add", "--applicant", park, "--employer", CLIWorld.parkEmployer,
                                                      actor: CLIWorld.reviewer))
        let hetao = try await world.submitCase(applicant: park, category: "hetao_park", destinations: "HK")
        try world.expectOK(try await world.permit.run("worker", "--once"))
        return (world, research, hetao)
    }

    /// Runs SQL as the owner with the history's own triggers switched off: what someone holding the owner role
    /// (or a superuser) could do to rewrite history behind the application's back.
    func asOwnerWithTriggersOff(_ world: CLIWorld, table: String, _ sql: String) async throws {
        try await world.database.pool.withTransaction { connection in
            try await connection.execute(simpleSQL: """
                SET LOCAL ROLE permit_owner;
                ALTER TABLE \(table) DISABLE TRIGGER USER;
                \(sql);
                ALTER TABLE \(table) ENABLE TRIGGER USER;
                """)
        }
    }

    func findings(_ result: PermitResult) throws -> [[String: Any]] {
        (try result.json() as? [String: Any])?["findings"] as? [[String: Any]] ?? []
    }

    @Test("verify names the row an owner edited with triggers off, and the endorsement event, and a deleted row")
    func verifyCatchesEditedRows() async throws {
        let (world, research, hetao) = try await world("cli_audit_edit")
        defer { Task { await world.close() } }
        let clean = try await world.permit.run("audit", "verify")
        #expect(clean.status == 0 && clean.stdout.contains("intact"), "\(clean)")

        try await asOwnerWithTriggersOff(world, table: "case_transitions",
            "UPDATE case_transitions SET note = 'nothing to see here' WHERE case_id = '\(research)' AND seq = 2")
        let edited = try await world.permit.run("audit", "verify", "--json")
        #expect(edited.status == 1, "\(edited)")
        let found = try findings(edited)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?["chain"] as? String == "case \(research)" && found.first?["seq"] as? Int == 2, "\(found)")
        let text = try await world.permit.run("audit", "verify", "--case", research)
        #expect(text.status == 1 && text.stdout.contains("NOT INTACT") && text.stdout.contains("case \(research)"), "\(text)")
        #expect(try await world.permit.run("audit", "verify", "--case", hetao).status == 0)
        let noHead = try await world.permit.run("audit", "head")
        #expect(noHead.status == 1 && noHead.stderr.contains("no checkpoint"), "\(noHead)")

        let number = try await world.database.pool.withConnection { connection in
            try await connection.query("SELECT number FROM endorsements WHERE case_id = \(UUID(uuidString: hetao)!)").first!
                .decode("number", as: String.self)
        }
        try await asOwnerWithTriggersOff(world, table: "endorsement_events",
            "UPDATE endorsement_events SET actor = '\(CLIWorld.supervisor)' WHERE number = '\(number)' AND seq = 1")
        try await asOwnerWithTriggersOff(world, table: "case_transitions",
            "DELETE FROM case_transitions WHERE case_id = '\(hetao)' AND seq = 3")
        let all = try findings(try await world.permit.run("audit", "verify", "--json"))
        #expect(all.contains { $0["chain"] as? String == "endorsement \(number)" && $0["seq"] as? Int == 1 }, "\(all)")
        #expect(all.contains { $0["chain"] as? String == "case \(hetao)" && ($0["problem"] as? String ?? "").contains("missing") }, "\(all)")
    }

    @Test("a digest kept elsewhere proves nothing before it changed, even after a rewrite with fresh hashes")
    func witnessDigest() async throws {
        let (world, research, _) = try await world("cli_audit_witness")
        defer { Task { await world.close() } }
        let head = try world.expectOK(try await world.permit.run("audit", "head", "--json"))
        let digest = try #require((try head.json() as? [String: Any])?["digest"] as? String)
        #expect(digest.count == 64)

        // Work after the checkpoint does not disturb it.
        try world.expectOK(try await world.permit.run("case", "documents", research, "--received", "employment-certificate,title-certificate",
                                                      actor: CLIWorld.clerk))
        try world.expectOK(try await world.permit.run("worker", "--once"))
        let later = try await world.permit.run("audit", "verify", "--against", digest)
        #expect(later.status == 0 && later.stdout.contains("nothing written before it changed"), "\(later)")

        // Rewrite a row written before the checkpoint and recompute its chain so that every stored hash agrees.
        try await asOwnerWithTriggersOff(world, table: "case_transitions", """
            UPDATE case_transitions SET actor = 'system', note = 'rewritten' WHERE case_id = '\(research)' AND seq = 2;
            DO $$ DECLARE r case_transitions; previous bytea; BEGIN
                SELECT hash INTO previous FROM case_transitions WHERE case_id = '\(research)' AND seq = 1;
                FOR r IN SELECT * FROM case_transitions WHERE case_id = '\(research)' AND seq >= 2 ORDER BY seq LOOP
                    previous := sha256(previous || case_history_bytes(r));
                    UPDATE case_transitions SET hash = previous WHERE case_id = r.case_id AND seq = r.seq;
                END LOOP;
            END $$
            """)
        let consistent = try await world.permit.run("audit", "verify")
        #expect(consistent.status == 0, "a consistent rewrite passes the plain check: \(consistent)")
        let caught = try await world.permit.run("audit", "verify", "--against", digest, "--json")
        #expect(caught.status == 1, "\(caught)")
        let report = try caught.json() as? [String: Any]
        #expect((report?["checkpoint"] as? [String: Any])?["matches"] as? Bool == false)
        #expect(try findings(caught).contains { $0["chain"] as? String == "checkpoint" })

        let unknown = try await world.permit.run("audit", "verify", "--against", String(repeating: "ab", count: 32))
        #expect(unknown.status == 1 && unknown.stdout.contains("no checkpoint has the digest"), "\(unknown)")
        let malformed = try await world.permit.run("audit", "verify", "--against", "not-a-digest")
        #expect(malformed.status == 2 && malformed.stderr.contains("against"), "\(malformed)")
        let both = try await world.permit.run("audit", "verify", "--against", digest, "--case", research)
        #expect(both.status == 2, "\(both)")
    }
}
