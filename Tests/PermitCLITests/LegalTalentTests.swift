import Foundation
import PermitCore
import PermitTestSupport
import Testing

/// Legal talent on no official list loaded here goes to a supervisor, who verifies and proceeds, or rejects.
@Suite("permit: legal talent on no list goes to a person", .serialized)
struct LegalTalentTests {
    /// A legal case screened with its employment certificate; returns its id.
    func screenedLegalCase(_ world: CLIWorld, serial: Int) async throws -> String {
        let applicant = try await world.addApplicant(serial: serial)
        let caseID = try await world.submitCase(applicant: applicant, category: "legal", destinations: "HK")
        try world.expectOK(try await world.permit.run("worker", "--once"))
        try world.expectOK(try await world.permit.run("case", "documents", caseID, "--received", "employment-certificate", actor: CLIWorld.clerk))
        try world.expectOK(try await world.permit.run("worker", "--once"))
        return caseID
    }

    @Test("on no list: escalated, not rejected; a supervisor verifies, then approves, and it is issued")
    func verifiedAndIssued() async throws {
        let world = try await CLIWorld.make("cli_legal_verify")
        defer { Task { await world.close() } }
        let permit = world.permit
        let caseID = try await screenedLegalCase(world, serial: 501)
        let shown = try await world.show(caseID)
        #expect(shown["state"] as? String == "escalated", "\(shown["state"] ?? "?") \(shown["reason_code"] ?? "-")")
        let referral = (shown["history"] as? [[String: Any]])?.last
        #expect(referral?["event"] as? String == "refer" && (referral?["note"] as? String)?.contains("official") == true, "\(String(describing: referral))")
        #expect((shown["deadlines"] as? [String: Any])?["decision_by"] as? String != nil)

        let before = try await world.rowCounts()
        let unverified = try await permit.run("case", "approve", caseID, actor: CLIWorld.supervisor)
        #expect(unverified.status == 1 && unverified.stderr.contains("not_on_official_list") && unverified.stderr.contains("verify"), "\(unverified)")
        let byCaseworker = try await permit.run("case", "verify", caseID, actor: CLIWorld.reviewer)
        #expect(byCaseworker.status == 1 && byCaseworker.stderr.contains("role_not_allowed"), "\(byCaseworker)")
        #expect(try await world.rowCounts() == before)

        try world.expectOK(try await permit.run("case", "verify", caseID, "--note", "on the HKIAC panel, confirmed by phone", actor: CLIWorld.supervisor))
        try world.expectOK(try await permit.run("case", "approve", caseID, actor: CLIWorld.supervisor))
        try world.expectOK(try await permit.run("worker", "--once"))
        let issued = try await world.show(caseID)
        #expect(issued["state"] as? String == "issued")
        #expect((issued["endorsements"] as? [[String: Any]])?.first?["fee_cny"] as? Int == 80)   // 1 year
    }

    @Test("on no list: a supervisor may reject with a reason; on a list the case is accepted as before")
    func rejectedOrListed() async throws {
        let world = try await CLIWorld.make("cli_legal_reject")
        defer { Task { await world.close() } }
        let caseID = try await screenedLegalCase(world, serial: 502)
        try world.expectOK(try await world.permit.run("case", "reject", caseID, "--reason", "not_on_official_list",
                                                      "--note", "the arbitration centre knows no such arbitrator", actor: CLIWorld.supervisor))
        let rejected = try await world.show(caseID)
        #expect(rejected["state"] as? String == "rejected" && rejected["reason_code"] as? String == "not_on_official_list")
        #expect((rejected["history"] as? [[String: Any]])?.last?["actor"] as? String == CLIWorld.supervisor)

        let listed = try await world.addApplicant(serial: 503)
        try world.expectOK(try await world.permit.run("registry", "list", "add", "--list", "mediators", "--applicant", listed, actor: CLIWorld.reviewer))
        let onList = try await world.submitCase(applicant: listed, category: "legal", destinations: "MO")
        try world.expectOK(try await world.permit.run("worker", "--once"))
        try world.expectOK(try await world.permit.run("case", "documents", onList, "--received", "employment-certificate", actor: CLIWorld.clerk))
        try world.expectOK(try await world.permit.run("worker", "--once"))
        #expect(try await world.state(of: onList) == "accepted")
    }
}
