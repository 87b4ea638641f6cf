import Foundation
import PermitCore
import PermitTestSupport
import Testing

/// Whole case lives driven through the built `permit` binary, as a caseworker would.
@Suite("permit: case lives end to end", .serialized)
struct CaseLifeTests {
    @Test("research case: intake, screening, documents, review, four-eyes, approval, issue, expiry")
    func wholeLife() async throws {
        let world = try await CLIWorld.make("cli_life", purpose: "training")   // the expiry is checked years ahead
        defer { Task { await world.close() } }
        let permit = world.permit
        let applicant = try await world.addApplicant(serial: 1)
        let caseID = try await world.submitCase(applicant: applicant, category: "research")

        try world.expectOK(try await permit.run("worker", "--once"))
        #expect(try await world.state(of: caseID) == "awaiting_documents")

        try world.expectOK(try await permit.run("case", "documents", caseID, "--received", "employment-certificate,title-certificate",
                                                actor: CLIWorld.clerk))
        try world.expectOK(try await permit.run("worker", "--once"))
        #expect(try await world.state(of: caseID) == "accepted")

        let listed = try world.expectOK(try await permit.run("case", "list", "--state", "accepted", "--unassigned", "--json"))
        let ids = (try listed.json() as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(ids == [caseID])

        try world.expectOK(try await permit.run("case", "review", caseID, actor: CLIWorld.reviewer))
        let before = try await world.rowCounts()
        let fourEyes = try await permit.run("case", "approve", caseID, actor: CLIWorld.reviewer)
        #expect(fourEyes.status == 1, "\(fourEyes)")
        #expect(fourEyes.stderr.contains("four_eyes"), "\(fourEyes)")
        #expect(try await world.rowCounts() == before)

        try world.expectOK(try await permit.run("case", "approve", caseID, "--note", "title verified", actor: CLIWorld.approver))
        try world.expectOK(try await permit.run("worker", "--once"))

        let shown = try world.expectOK(try await permit.run("case", "show", caseID, "--json")).json() as? [String: Any]
        #expect(shown?["state"] as? String == "issued")
        #expect(shown?["policy_version"] as? String != nil)
        #expect(shown?["workflow_version"] as? String == "standard@1")
        #expect(shown?["applicant_id"] as? String == applicant)
        #expect(shown?["destinations"] as? [String] == ["HK", "MO"])
        let endorsements = shown?["endorsements"] as? [[String: Any]] ?? []
        #expect(endorsements.map { $0["destination"] as? String } == ["HK", "MO"] || endorsements.map { $0["destination"] as? String } == ["MO", "HK"])
        #expect(endorsements.allSatisfy { $0["status"] as? String == "active" && $0["max_stay_days"] as? Int == 30 && $0["fee_cny"] as? Int == 240 })
        let history = shown?["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["event"] as? String ?? "" } == [
            "open", "submit", "begin_screening", "request_documents", "receive_documents", "screening_passed",
            "start_review", "approve", "issue",
        ])
        #expect(history.first(where: { $0["event"] as? String == "approve" })?["actor"] as? String == CLIWorld.approver)

        // Expiry: the day after the last valid day, the worker's sweep expires both endorsements.
        let until = try #require(endorsements.first?["valid_until"] as? String)
        let dayAfter = try #require(CivilDate(iso: until)).adding(days: 1).description
        try world.expectOK(try await permit.run("worker", "--once", "--as-of", dayAfter))
        let after = try world.expectOK(try await permit.run("endorsement", "list", "--applicant", applicant, "--json")).json()
        let statuses = (after as? [[String: Any]])?.compactMap { $0["status"] as? String } ?? []
        #expect(statuses == ["expired", "expired"])
    }

    @Test("Hetao park case goes straight through to issue with no person deciding")
    func hetaoStraightThrough() async throws {
        let world = try await CLIWorld.make("cli_hetao")
        defer { Task { await world.close() } }
        let applicant = try await world.addApplicant(serial: 2, city: "shenzhen", employer: CLIWorld.parkEmployer)
        try world.expectOK(try await world.permit.run("registry", "hetao", "add", "--applicant", applicant,
                                                      "--employer", CLIWorld.parkEmployer, actor: CLIWorld.reviewer))
        let caseID = try await world.submitCase(applicant: applicant, category: "hetao_park", destinations: "HK")
        try world.expectOK(try await world.permit.run("worker", "--once"))
        let shown = try world.expectOK(try await world.permit.run("case", "show", caseID, "--json")).json() as? [String: Any]
        #expect(shown?["state"] as? String == "issued")
        let actors = (shown?["history"] as? [[String: Any]] ?? []).dropFirst(2).map { $0["actor"] as? String }
        #expect(actors.allSatisfy { $0 == "system" }, "\(actors)")
        #expect((shown?["endorsements"] as? [[String: Any]])?.count == 1)
    }

    @Test("a rejection carries its reason code into the case and its history")
    func rejectionWithReason() async throws {
        let world = try await CLIWorld.make("cli_reject")
        defer { Task { await world.close() } }
        let applicant = try await world.addApplicant(serial: 3)
        let caseID = try await world.submitCase(applicant: applicant, category: "research", destinations: "MO")
        try world.expectOK(try await world.permit.run("worker", "--once"))
        try world.expectOK(try await world.permit.run("case", "documents", caseID, "--received", "employment-certificate,title-certificate",
                                                      actor: CLIWorld.clerk))
        try world.expectOK(try await world.permit.run("worker", "--once"))
        try world.expectOK(try await world.permit.run("case", "review", caseID, actor: CLIWorld.reviewer))
        try world.expectOK(try await world.permit.run("case", "reject", caseID, "--reason", "title_below_associate_senior",
                                                      "--note", "lecturer, not associate professor", actor: CLIWorld.reviewer))
        let shown = try world.expectOK(try await world.permit.run("case", "show", caseID, "--json")).json() as? [String: Any]
        #expect(shown?["state"] as? String == "rejected")
        #expect(shown?["reason_code"] as? String == "title_below_associate_senior")
        let last = (shown?["history"] as? [[String: Any]])?.last
        #expect(last?["event"] as? String == "reject")
        #expect(last?["reason_code"] as? String == "title_below_associate_senior")
        #expect(last?["actor"] as? String == CLIWorld.reviewer)
    }

    @Test("two caseworkers race on one case: the one with a stale version gets exit 3 and writes nothing")
    func conflictBetweenCaseworkers() async throws {
        let world = try await CLIWorld.make("cli_conflict")
        defer { Task { await world.close() } }
        let applicant = try await world.addApplicant(serial: 4)
        let caseID = try await world.submitCase(applicant: applicant, category: "research")
        try world.expectOK(try await world.permit.run("worker", "--once"))
        try world.expectOK(try await world.permit.run("case", "documents", caseID, "--received", "employment-certificate,title-certificate",
                                                      actor: CLIWorld.clerk))
        try world.expectOK(try await world.permit.run("worker", "--once"))
        let seen = try world.expectOK(try await world.permit.run("case", "show", caseID, "--json")).json() as? [String: Any]
        let version = try #require(seen?["version"] as? Int)

        try world.expectOK(try await world.permit.run("case", "claim", caseID, "--expected-version", String(version), actor: CLIWorld.reviewer))
        let before = try await world.rowCounts()
        let late = try await world.permit.run("case", "claim", caseID, "--expected-version", String(version), actor: CLIWorld.approver)
        #expect(late.status == 3, "\(late)")
        #expect(late.stderr.contains("changed under you"), "\(late)")
        #expect(try await world.rowCounts() == before)
        let after = try world.expectOK(try await world.permit.run("case", "show", caseID, "--json")).json() as? [String: Any]
        #expect(after?["assignee"] as? String == CLIWorld.reviewer)
    }

    @Test("a draft can be withdrawn before it is ever submitted")
    func withdrawnDraft() async throws {
        let world = try await CLIWorld.make("cli_withdraw_draft")
        defer { Task { await world.close() } }
        let applicant = try await world.addApplicant(serial: 5)
        let id = try world.expectOK(try await world.permit.run("case", "new", "--applicant", applicant, "--category", "health",
                                                               "--destinations", "MO", actor: CLIWorld.clerk)).line
        try world.expectOK(try await world.permit.run("case", "withdraw", id, "--note", "changed their mind", actor: CLIWorld.clerk))
        let shown = try await world.show(id)
        #expect(shown["state"] as? String == "withdrawn" && shown["policy_version"] is NSNull, "\(shown)")
    }
}
