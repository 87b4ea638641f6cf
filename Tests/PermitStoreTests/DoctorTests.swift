import Foundation
import PermitCore
import PermitStore
import PermitTestSupport
import Postgres
import Testing

/// `permit doctor`'s checks against planted trouble.
@Suite("Doctor")
struct DoctorTests {
    @Test func aHealthyDatabasePassesAndPlantedTroubleIsFound() async throws {
        let db = try await PermitDatabase.create("doctor")
        let migrations = try MigrationFiles.load(from: TestDatabase.repositoryRoot.appendingPathComponent("migrations"))
        let doctor = Doctor(configuration: db.database.configuration, migrations: migrations,
                            settings: DoctorSettings(superuserAllowed: true), logger: db.logger)
        // The seeds hold the calendars of 2023 to 2026: in mid-2025 both this year and the next are loaded.
        let midsummer = ISO8601DateFormatter().date(from: "2025-06-01T02:00:00Z")!
        let healthy = try await doctor.examine(now: midsummer)
        #expect(healthy.status == .ok, "\(healthy.checks.filter { $0.status != .ok })")
        #expect(healthy.check("notify_round_trip")?.status == .ok)
        #expect(healthy.check("migrations")?.summary.contains("checksums intact") == true)

        // Plant a job whose worker died an hour ago, and take the 2026 calendar away.
        try await db.pool.withConnection { connection in
            _ = try await connection.query("""
                INSERT INTO jobs (kind, state, due_at, attempts, lease_token, leased_by, lease_expires_at)
                VALUES ('screen', 'running', \(midsummer)::timestamptz - interval '2 hours', 1, 1, 'dead-host:42',
                        \(midsummer)::timestamptz - interval '1 hour')
                """)
            _ = try await connection.query("DELETE FROM calendar_days WHERE extract(year FROM day) = 2026")
            _ = try await connection.query("DELETE FROM calendar_years WHERE year = 2026")
        }
        let sick = try await doctor.examine(now: midsummer)
        #expect(sick.status == .fail)
        let stuck = try #require(sick.check("stuck_leases"))
        #expect(stuck.status == .fail)
        #expect(stuck.summary.contains("dead-host:42"))
        #expect(stuck.advice != nil)
        let calendar = try #require(sick.check("calendar"))
        #expect(calendar.status == .warn)
        #expect(calendar.summary.contains("2026 missing"))
        // In 2026 itself the missing year fails.
        let later = try await doctor.examine(now: ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!)
        #expect(later.check("calendar")?.status == .fail)

        // A superuser outside the embedded default fails.
        let strict = Doctor(configuration: db.database.configuration, migrations: migrations, settings: DoctorSettings(), logger: db.logger)
        #expect(try await strict.examine(now: midsummer).check("superuser")?.status == .fail)
        // A pending migration fails.
        let ahead = Doctor(configuration: db.database.configuration,
                           migrations: migrations + [Migration(number: 9999, name: "9999_future", sql: "SELECT 1")],
                           settings: DoctorSettings(superuserAllowed: true), logger: db.logger)
        #expect(try await ahead.examine(now: midsummer).check("migrations")?.status == .fail)
        await db.close()
    }
}
