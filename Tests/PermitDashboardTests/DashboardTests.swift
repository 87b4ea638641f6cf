import Foundation
import Logging
import PermitCore
@testable import PermitDashboard
import PermitStore
import PermitTestSupport
import Postgres
import Testing

/// The office and the dashboard on the suite's scram cluster, built once per process.
enum DashboardFixture {
    static let logger: Logger = {
        var logger = Logger(label: "test.dashboard")
        logger.logLevel = .critical
        return logger
    }()

    private static let ready = Task<(OfficeScenario, DashboardHarness), any Error> {
        let database = try await ScramCluster.database()
        let office = try await OfficeScenario.build(on: database, logger: logger)
        let dashboard = try await DashboardHarness.start(database: database, logger: logger)
        return (office, dashboard)
    }

    static func office() async throws -> OfficeScenario { try await ready.value.0 }

    /// Stops the dashboard and the private cluster (when they were started).
    static func stop() async {
        if let (office, dashboard) = try? await ready.value {
            dashboard.stop()
            _ = try? await dashboard.task.value
            await office.close()
        }
        await ScramCluster.stopIfStarted()
    }
    static func dashboard() async throws -> DashboardHarness { try await ready.value.1 }
}

/// The dashboard suites share one private cluster, started on first use and stopped when they end.
@Suite("Dashboard on a private scram-sha-256 cluster", .serialized, PrivateClusterScope())
struct DashboardSuites {}

/// Stops the private cluster once every dashboard suite has run.
struct PrivateClusterScope: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        do {
            try await function()
        } catch {
            await DashboardFixture.stop()
            throw error
        }
        await DashboardFixture.stop()
    }
}

extension DashboardSuites {
    @Suite("permit serve: the read-only dashboard", .serialized)
    struct DashboardTests {
        let reader = ScramCluster.readerLogin, password = ScramCluster.readerPassword

        @Test func signingInTakesThePostgreSQLLoginAndItsPassword() async throws {
            let dashboard = try await DashboardFixture.dashboard()
            let none = try await dashboard.fetch("/")
            #expect(none.status == 401)
            #expect(none.headers["www-authenticate"]?.hasPrefix("Basic realm=") == true)
            #expect(try await dashboard.fetch("/", login: reader, password: "wrong password").status == 401)
            #expect(try await dashboard.fetch("/", login: "nobody_here", password: password).status == 401)
            #expect(try await dashboard.fetch("/", login: reader, password: "").status == 401)
            // The server lets this login in without asking for a password: that vouches for nobody.
            #expect(try await dashboard.fetch("/", login: ScramCluster.trustingLogin, password: "anything").status == 401)
            let right = try await dashboard.fetch("/", login: reader, password: password)
            #expect(right.status == 200)
            #expect(right.body.contains("signed in as <b>\(reader)</b>"))
            #expect(right.headers["cache-control"] == "no-store")
            // A cached login still needs the right password.
            #expect(try await dashboard.fetch("/", login: reader, password: password + "x").status == 401)
        }

        @Test func theDashboardChangesNothing() async throws {
            let dashboard = try await DashboardFixture.dashboard()
            #expect(try await dashboard.fetch("/", login: reader, password: password, method: "POST").status == 405)
            #expect(try await dashboard.fetch("/cases/x", login: reader, password: password, method: "DELETE").status == 405)
            // Even a login allowed to write cannot through the dashboard's connections: they are read-only sessions.
            let database = try await ScramCluster.database()
            let admin = try await PostgresConnection.connect(database, logger: DashboardFixture.logger)
            _ = try await admin.query("GRANT INSERT ON staff TO dash_reader")
            let pools = LoginPools(base: database, logger: DashboardFixture.logger)
            let pool = try await pools.pool(for: BasicCredentials(login: reader, password: password))
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { connection in
                    _ = try await connection.query("INSERT INTO staff (name, role) VALUES ('Intruder', 'supervisor')")
                }
            }
            let readOnly = try await pool.withConnection { connection in
                try await connection.query("SHOW default_transaction_read_only").first?.decode("default_transaction_read_only", as: String.self)
            }
            #expect(readOnly == "on")
            _ = try await admin.query("REVOKE INSERT ON staff FROM dash_reader")
            await admin.close()
            await pools.closeAll()
        }

        @Test func theOverviewShowsWhatTheDatabaseHolds() async throws {
            let office = try await DashboardFixture.office()
            let dashboard = try await DashboardFixture.dashboard()
            let page = try await dashboard.fetch("/", login: reader, password: password)
            #expect(page.status == 200)
            let facts = try await DatabaseFacts.read(office)
            for (state, count) in facts.casesByState {
                #expect(page.metric("cases-\(state)") == count, "cases in \(state)")
            }
            #expect(page.metric("cases-overdue") == facts.overdue)
            #expect(page.metric("queue-issue-dead") == facts.deadIssueJobs)
            #expect(facts.deadIssueJobs == 1)
            // Deadlines in working days: the past one late, the near one with one working day left, the others not listed.
            #expect(HTMLNumbers.daysLeft(of: office.past, in: page.body) == facts.daysLeft(office.past))
            #expect((HTMLNumbers.daysLeft(of: office.past, in: page.body) ?? 0) < 0)
            #expect(HTMLNumbers.daysLeft(of: office.near, in: page.body) == 1)
            #expect(HTMLNumbers.daysLeft(of: office.onTrack, in: page.body) == nil)
            #expect(HTMLNumbers.daysLeft(of: office.waiting, in: page.body) == nil)
            #expect(page.metric("load-Bo Wen-open") == facts.openHeldBy["Bo Wen"] ?? 0)
            #expect(page.metric("load-Bo Wen-open") == 1)
            // One decision, nine working days after acceptance (accepted 12 working days ago, decided 3 ago).
            #expect(page.metric("decided-30") == 1)
            #expect(page.metric("p50-30") == 9)
            #expect(page.metric("p90-90") == 9)
            #expect(page.body.contains("planted: the issuing office was unreachable"))
        }

        @Test func aCasePageShowsItsHistoryAndItsPathThroughTheWorkflow() async throws {
            let office = try await DashboardFixture.office()
            let dashboard = try await DashboardFixture.dashboard()
            let page = try await dashboard.fetch("/cases/\(office.decided.uuidString.lowercased())", login: reader, password: password)
            #expect(page.status == 200)
            let facts = try await DatabaseFacts.read(office)
            let (state, rows) = facts.cases[office.decided]!
            #expect(page.body.contains("data-metric=\"case-state\">\(state)<"))
            #expect(page.metric("history-rows") == rows)
            #expect(page.metric("history-\(rows)-seq") == rows)
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("class=\"state current\" data-state=\"\(state)\""))
            #expect(page.body.contains("class=\"edge taken\""))
            #expect(try await dashboard.fetch("/cases/\(UUID().uuidString)", login: reader, password: password).status == 404)
            #expect(try await dashboard.fetch("/cases/not-a-case", login: reader, password: password).status == 400)
        }

        @Test func theServerCountsItsRequests() async throws {
            let dashboard = try await DashboardFixture.dashboard()
            // A series no other suite touches (the Chromium test loads pages at the same time): unknown cases.
            let series = "permit_http_requests_total{route=\"/cases/{id}\",status=\"404\"}"
            let before = PrometheusText.value(series, in: dashboard.registry.emitToString()) ?? 0
            #expect(try await dashboard.fetch("/cases/\(UUID().uuidString)", login: reader, password: password).status == 404)
            let after = PrometheusText.value(series, in: dashboard.registry.emitToString()) ?? 0
            #expect(after == before + 1)
        }
    }

}

/// What the database itself says, to hold the pages against.
struct DatabaseFacts {
    var casesByState: [String: Int] = [:]
    var overdue = 0
    var deadIssueJobs = 0
    var openHeldBy: [String: Int] = [:]
    var cases: [UUID: (state: String, historyRows: Int)] = [:]
    var dueDates: [UUID: CivilDate] = [:]
    let office: OfficeScenario

    func daysLeft(_ id: UUID) -> Int? {
        dueDates[id].map { DeadlineStanding(deadline: $0, today: office.today, margin: 2, calendar: office.calendar).workingDaysLeft }
    }

    static func read(_ office: OfficeScenario) async throws -> DatabaseFacts {
        try await office.pool.withConnection { connection in
            var facts = DatabaseFacts(office: office)
            for state in CaseState.allCases { facts.casesByState[state.rawValue] = 0 }
            for row in try await connection.query("SELECT state, count(*)::int AS n FROM applications GROUP BY state") {
                facts.casesByState[try row.decode("state")] = try row.decode("n", as: Int.self)
            }
            facts.overdue = try await connection.query("""
                SELECT count(*)::int AS n FROM applications
                 WHERE state NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed')
                   AND (decision_due < \(office.today.postgres)::date OR supplementation_due < \(office.today.postgres)::date)
                """).first!.decode("n")
            facts.deadIssueJobs = try await connection.query(
                "SELECT count(*)::int AS n FROM jobs WHERE kind = 'issue' AND state = 'dead'").first!.decode("n")
            for row in try await connection.query("""
                SELECT assignee, count(*)::int AS n FROM applications
                 WHERE assignee IS NOT NULL AND state NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed') GROUP BY assignee
                """) {
                facts.openHeldBy[try row.decode("assignee")] = try row.decode("n", as: Int.self)
            }
            for row in try await connection.query("""
                SELECT id, state, version, decision_due::text AS due FROM applications
                """) {
                let id: UUID = try row.decode("id")
                facts.cases[id] = (try row.decode("state"), try row.decode("version"))
                if let due = try row.decode("due", as: String?.self) { facts.dueDates[id] = CivilDate(iso: due) }
            }
            return facts
        }
    }
}
