import Foundation
import PermitCore
import PermitTestSupport
import Testing

/// Revocation reviews, revocation, the demo, diagrams and the permission table.
@Suite("permit: endorsements, demo, diagrams", .serialized)
struct EndorsementAndDemoTests {
    @Test("a cancelled Hetao registration opens a review at once; a supervisor keeps, then revokes with a reason")
    func revocation() async throws {
        let world = try await CLIWorld.make("cli_revoke", purpose: "training")
        defer { Task { await world.close() } }
        let permit = world.permit
        let applicant = try await world.addApplicant(serial: 9, city: "shenzhen", employer: CLIWorld.parkEmployer)
        try world.expectOK(try await permit.run("registry", "hetao", "add", "--applicant", applicant, "--employer", CLIWorld.parkEmployer,
                                                actor: CLIWorld.reviewer))
        _ = try await world.submitCase(applicant: applicant, category: "hetao_park", destinations: "HK")
        try world.expectOK(try await permit.run("worker", "--once"))
        let cancelled = try world.expectOK(try await permit.run("registry", "hetao", "cancel", "--applicant", applicant,
                                                                "--employer", CLIWorld.parkEmployer, actor: CLIWorld.reviewer))
        #expect(cancelled.stdout.contains("1 revocation review(s) opened"), "\(cancelled)")
        // The review is open at once, with no worker run; the case's history says so.
        let listed = try world.expectOK(try await permit.run("endorsement", "list", "--applicant", applicant, "--json")).json()
        let endorsement = try #require((listed as? [[String: Any]])?.first)
        let number = try #require(endorsement["number"] as? String)
        #expect(endorsement["open_review"] as? String == "hetao_registration_cancelled", "\(endorsement)")
        let caseID = try #require(endorsement["case_id"] as? String)
        let history = try await world.show(caseID)["history"] as? [[String: Any]] ?? []
        #expect(history.last?["event"] as? String == "revocation_review_opened", "\(history)")
        // It names the caseworker whose login cancelled the registration, as the database checked.
        #expect(history.last?["actor"] as? String == CLIWorld.reviewer, "\(history)")
        #expect(history.last?["login"] as? String == world.database.loginName(CLIWorld.reviewer), "\(history)")
        // The next day's sweep is the safety net only: no second review.
        let tomorrow = ActingTime.clock().day().adding(days: 1)
        let swept = try world.expectOK(try await permit.run("worker", "--once", "--as-of", tomorrow.description, "--json")).json() as? [String: Any]
        #expect((swept?["sweeps"] as? [[String: Any]])?.first?["revocation_reviews"] as? Int == 0, "\(String(describing: swept))")
        #expect(try await world.database.count("SELECT count(*)::int FROM revocation_reviews") == 1)

        let byCaseworker = try await permit.run("endorsement", "keep", number, actor: CLIWorld.reviewer)
        #expect(byCaseworker.status == 1 && byCaseworker.stderr.contains("role_not_allowed"), "\(byCaseworker)")
        try world.expectOK(try await permit.run("endorsement", "keep", number, actor: CLIWorld.supervisor))
        let again = try await permit.run("endorsement", "keep", number, actor: CLIWorld.supervisor)
        #expect(again.status == 1 && again.stderr.contains("no_open_review"), "\(again)")
        // Kept: the next day's sweep does not open the same review again.
        try world.expectOK(try await permit.run("worker", "--once", "--as-of", tomorrow.adding(days: 1).description))
        #expect(try await world.database.count("SELECT count(*)::int FROM revocation_reviews") == 1)

        try world.expectOK(try await permit.run("endorsement", "revoke", number, "--reason", "registration_cancelled", actor: CLIWorld.supervisor))
        let after = try world.expectOK(try await permit.run("endorsement", "list", "--applicant", applicant, "--json")).json()
        let revoked = try #require((after as? [[String: Any]])?.first)
        #expect(revoked["status"] as? String == "revoked")
        #expect(revoked["reason_code"] as? String == "registration_cancelled")
        let twice = try await permit.run("endorsement", "revoke", number, "--reason", "registration_cancelled", actor: CLIWorld.supervisor)
        #expect(twice.status == 1 && twice.stderr.contains("endorsement_not_active"), "\(twice)")
        let unknown = try await permit.run("endorsement", "revoke", "HK20990000000", "--reason", "x_y", actor: CLIWorld.supervisor)
        #expect(unknown.status == 2 && unknown.stderr.contains("endorsement"), "\(unknown)")
    }

    @Test("diagrams come from the transition table in both formats")
    func diagrams() async throws {
        let database = try await PermitDatabase.create("cli_diagram", seeded: false)
        defer { Task { await database.close() } }
        let permit = PermitProcess(database: database)
        let mermaid = try await permit.run("diagram")
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout == WorkflowDiagram.mermaid(.current(.standard)))
        let dot = try await permit.run("diagram", "--workflow", "hetao", "--format", "dot")
        #expect(dot.stdout == WorkflowDiagram.dot(.current(.hetao)))
        let bad = try await permit.run("diagram", "--format", "svg")
        #expect(bad.status == 2 && bad.stderr.contains("--format"))
    }

    @Test("the permission table: who may take which action")
    func permissions() {
        let clerk = Actor(name: "c", role: .clerk), caseworker = Actor(name: "w", role: .caseworker)
        let supervisor = Actor(name: "s", role: .supervisor)
        #expect(StaffPermissions.check(.addStaff, by: clerk)?.code == "role_not_allowed")
        #expect(StaffPermissions.check(.addStaff, by: supervisor) == nil)
        #expect(StaffPermissions.check(.addStaff, by: nil)?.code == "actor_required")
        #expect(StaffPermissions.check(.addApplicant, by: clerk) == nil)
        #expect(StaffPermissions.check(.changeRegistry, by: clerk)?.code == "role_not_allowed")
        #expect(StaffPermissions.check(.changeRegistry, by: caseworker) == nil)
        #expect(StaffPermissions.check(.revokeEndorsement, by: caseworker)?.code == "role_not_allowed")
        #expect(StaffPermissions.check(.revokeEndorsement, by: .system)?.code == "role_not_allowed")
    }
}
