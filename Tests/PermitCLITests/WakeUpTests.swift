import Foundation
import PermitCore
import PermitTestSupport
import Testing

/// Work that waited for something happens as soon as that something is recorded.
@Suite("permit: no waiting a day for nothing", .serialized)
struct WakeUpTests {
    @Test("a held issue is due at once when the new EEP is recorded")
    func newEEPWakesTheIssue() async throws {
        let world = try await CLIWorld.make("cli_wake_eep")
        defer { Task { await world.close() } }
        let permit = world.permit
        // The EEP ends too soon for a 3-year endorsement: the application asks for a new one.
        let applicant = try await world.addApplicant(serial: 401, eepExpires: "2027-06-30")
        let caseID = try await world.submitCase(applicant: applicant, category: "research", destinations: "HK", newEEP: true)
        try world.expectOK(try await permit.run("worker", "--once"))
        try world.expectOK(try await permit.run("case", "documents", caseID, "--received", "employment-certificate,title-certificate",
                                                actor: CLIWorld.clerk))
        try world.expectOK(try await permit.run("worker", "--once"))
        try world.expectOK(try await permit.run("case", "review", caseID, actor: CLIWorld.reviewer))
        try world.expectOK(try await permit.run("case", "approve", caseID, actor: CLIWorld.approver))
        let held = try world.expectOK(try await permit.run("worker", "--once", "--json")).json() as? [String: Any]
        #expect(held?["jobs_postponed"] as? Int == 1, "\(String(describing: held))")
        #expect(try await world.state(of: caseID) == "approved")
        #expect(try await world.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'issue' AND state = 'queued' AND due_at <= now()") == 0)
        #expect(try await world.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'issue' AND state = 'queued' AND due_at > now() + interval '23 hours'") == 1)

        let recorded = try world.expectOK(try await permit.run("applicant", "eep", applicant, "--number", "CB4010001", "--expires", "2036-03-01",
                                                               "--json", actor: CLIWorld.clerk)).json() as? [String: Any]
        #expect(recorded?["issues_woken"] as? Int == 1, "\(String(describing: recorded))")
        #expect(try await world.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'issue' AND state = 'queued' AND due_at <= now()") == 1)
        try world.expectOK(try await permit.run("worker", "--once"))
        let shown = try await world.show(caseID)
        #expect(shown["state"] as? String == "issued")
        #expect((shown["endorsements"] as? [[String: Any]])?.first?["eep_number"] as? String == "CB4010001")
    }
}
