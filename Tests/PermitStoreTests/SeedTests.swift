import Foundation
import PermitStore
import PermitTestSupport
import Postgres
import Testing

@Suite("Seeds")
struct SeedTests {
    @Test func reRunningSeedsChangesNothing() async throws {
        let db = try await PermitDatabase.create("seed_rerun")
        let seeds = TestDatabase.repositoryRoot.appendingPathComponent("seeds")
        let policies = try await db.count("SELECT count(*)::int FROM policy_versions")
        let days = try await db.count("SELECT count(*)::int FROM calendar_days")
        #expect(policies >= 3)
        #expect(days > 50)
        let report = try await SeedLoader.load(from: seeds, pool: db.pool, logger: db.logger)
        #expect(report.policiesLoaded.isEmpty)
        #expect(report.policiesUnchanged.count == policies)
        #expect(try await db.count("SELECT count(*)::int FROM policy_versions") == policies)
        #expect(try await db.count("SELECT count(*)::int FROM calendar_days") == days)
        // Spring Festival 2026 is a holiday and the make-up Saturday before it a working day.
        #expect(try await db.count("SELECT count(*)::int FROM calendar_days WHERE day = '2026-02-16' AND NOT is_working_day") == 1)
        #expect(try await db.count("SELECT count(*)::int FROM calendar_days WHERE day = '2026-02-14' AND is_working_day") == 1)
        await db.close()
    }

    @Test("the demo seed is all or nothing: a failing row leaves no login whose one-time password was never shown")
    func demoSeedIsOneTransaction() async throws {
        let db = try await PermitDatabase.create("seed_demo_atomic")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("permit-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = TestDatabase.repositoryRoot.appendingPathComponent("seeds/demo/demo.json")
        var file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: demo)) as? [String: Any])
        let logins = [db.loginName("demo clerk"), db.loginName("demo caseworker")]
        file["staff"] = [["name": "Demo Clerk \(logins[0])", "login": logins[0], "role": "clerk"],
                         ["name": "Demo Caseworker \(logins[1])", "login": logins[1], "role": "caseworker"]]
        let employers = try #require(file["employers"] as? [[String: Any]])
        let applicantEmployer = try #require((file["applicants"] as? [[String: Any]])?.first?["employer"] as? String)
        // Without the applicant's employer, the applicant's row fails after the logins were made.
        file["employers"] = employers.filter { $0["credit_code"] as? String != applicantEmployer }
        try JSONSerialization.data(withJSONObject: file).write(to: folder.appendingPathComponent("demo.json"))
        await #expect(throws: (any Error).self) {
            _ = try await DemoSeed.load(from: folder, at: Date(), pool: db.pool, logger: db.logger)
        }
        #expect(try await db.count("SELECT count(*)::int FROM pg_roles WHERE rolname = ANY(\(logins))") == 0)
        #expect(try await db.count("SELECT count(*)::int FROM staff WHERE login = ANY(\(logins))") == 0)

        file["employers"] = employers
        try JSONSerialization.data(withJSONObject: file).write(to: folder.appendingPathComponent("demo.json"))
        let report = try await DemoSeed.load(from: folder, at: Date(), pool: db.pool, logger: db.logger)
        #expect(report.staff.map(\.login) == logins && report.staff.allSatisfy { $0.oneTimePassword != nil })
        #expect(report.applicants == 1)
        await db.close()
    }

    @Test func aChangedPolicyVersionIsRefusedAndNothingIsWritten() async throws {
        let db = try await PermitDatabase.create("seed_changed")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("permit-seeds-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestDatabase.repositoryRoot.appendingPathComponent("seeds"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("policy.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\"maxStayDays\": 30"))
        try text.replacingOccurrences(of: "\"maxStayDays\": 30", with: "\"maxStayDays\": 45")
            .write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try await SeedLoader.load(from: folder, pool: db.pool, logger: db.logger)
            Issue.record("a changed policy version was accepted")
        } catch let error as StoreError {
            #expect(error.refusal?.code == "policy_version_changed")
        }
        #expect(try await db.count("SELECT count(*)::int FROM policy_versions WHERE document::text LIKE '%45%'") == 0)
        await db.close()
    }

    @Test func loadedPoliciesCannotBeRewritten() async throws {
        let db = try await PermitDatabase.create("seed_immutable")
        await #expect(throws: PostgresError.self) {
            try await db.pool.withConnection { try await $0.query("UPDATE policy_versions SET loaded_at = now()") }
        }
        await #expect(throws: PostgresError.self) {
            try await db.pool.withConnection { try await $0.query("DELETE FROM policy_versions") }
        }
        await db.close()
    }
}
