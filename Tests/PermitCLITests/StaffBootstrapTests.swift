import Foundation
import PermitTestSupport
import Testing

@Suite("Staff bootstrap")
struct StaffBootstrapTests {
    @Test("until a supervisor exists anyone may add staff; after that only a supervisor, and nothing else is written")
    func bootstrapLastsUntilTheFirstSupervisor() async throws {
        let database = try await PermitDatabase.create("cli_bootstrap")
        let permit = PermitProcess(database: database)
        // A clerk added first must not lock the office out of ever having a supervisor.
        let clerk = try await permit.run("staff", "add", "first.clerk", "--role", "clerk")
        #expect(clerk.status == 0, "\(clerk)")
        #expect(clerk.stderr.contains("bootstrap"))
        let supervisor = try await permit.run("staff", "add", "first.supervisor", "--role", "supervisor")
        #expect(supervisor.status == 0, "\(supervisor)")
        // From now on: no --as is bad usage (2), a clerk is refused (1), a supervisor succeeds.
        let anonymous = try await permit.run("staff", "add", "late.comer", "--role", "caseworker")
        #expect(anonymous.status == 2, "\(anonymous)")
        #expect(anonymous.stderr.contains("--as"))
        let byClerk = try await permit.run("staff", "add", "late.comer", "--role", "caseworker", actor: "first.clerk")
        #expect(byClerk.status == 1, "\(byClerk)")
        #expect(byClerk.stderr.contains("role_not_allowed"))
        #expect(try await database.count("SELECT count(*)::int FROM staff WHERE name = 'late.comer'") == 0)
        let bySupervisor = try await permit.run("staff", "add", "late.comer", "--role", "caseworker", actor: "first.supervisor")
        #expect(bySupervisor.status == 0, "\(bySupervisor)")
        #expect(try await database.count("SELECT count(*)::int FROM staff WHERE role <> 'system'") == 3)
        await database.close()
    }
}
