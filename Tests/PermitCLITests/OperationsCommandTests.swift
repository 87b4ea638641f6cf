import Foundation
import PermitTestSupport
import Postgres
import Testing

/// `permit doctor` and `permit serve` from the command line.
@Suite("permit doctor and permit serve")
struct OperationsCommandTests {
    @Test func doctorFailsASuperuserOutsideTheEmbeddedClusterAndPassesTheAppsOwnLogin() async throws {
        let database = try await PermitDatabase.create("cli_doctor")
        let permit = PermitProcess(database: database)
        let asSuperuser = try await permit.run("doctor", "--json")
        #expect(asSuperuser.status == 1, "\(asSuperuser)")
        let report = try #require(try asSuperuser.json() as? [String: Any])
        #expect(report["status"] as? String == "fail")
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.count == 11)
        let superuser = try #require(checks.first { $0["name"] as? String == "superuser" })
        #expect(superuser["status"] as? String == "fail")
        #expect(superuser["advice"] as? String != nil)
        #expect(checks.allSatisfy { $0.keys.contains("advice") }, "every key printed, null when empty")

        // A login that is no superuser, with the grants the doctor needs: nothing fails.
        let login = "doctor_\(getpid())_\(Int.random(in: 1000...9999))"
        try await database.pool.withConnection { connection in
            try await connection.execute(simpleSQL: """
                CREATE ROLE \(login) LOGIN PASSWORD 'doctor-password' IN ROLE pg_monitor;
                GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(login);
                """)
        }
        // With a password: the tests' cluster may trust everyone or ask for scram-sha-256.
        let url = database.database.configuration.conninfo + " user=\(login) password=doctor-password"
        let asApp = try await permit.run("doctor", "--database-url", url)
        #expect(asApp.status == 0, "\(asApp)")
        #expect(asApp.stdout.contains("[ok]   superuser"))
        #expect(asApp.stdout.contains("overall: "))
        try await database.pool.withConnection { connection in
            try await connection.execute(simpleSQL: "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \(login); DROP ROLE \(login)")
        }
        await database.close()
    }

    @Test func badServeAndMetricsOptionsAreUsageErrors() async throws {
        let database = try await PermitDatabase.create("cli_serve_usage", seeded: false)
        let permit = PermitProcess(database: database)
        #expect(try await permit.run("serve", "--port", "70000").status == 2)
        #expect(try await permit.run("serve", "--metrics-port", "-1").status == 2)
        #expect(try await permit.run("worker", "--once", "--metrics-port", "9464").status == 2)
        #expect(try await permit.run("doctor", "--lease-grace-seconds", "-5").status == 2)
        await database.close()
    }
}
