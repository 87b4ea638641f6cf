import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

@Suite("The case list's filters, one statement shape each")
struct CaseListTests {
    @Test func eachFilterListsExactlyItsCasesNewestChangeFirst() async throws {
        let s = try await StoreScenario.create("case_list_filters")
        var ids: [UUID] = []
        for serial in 1...6 {
            ids.append(try await s.researchCase(serial: 700 + serial, category: serial == 6 ? .education : .research,
                                                submitted: serial != 5))
        }
        // Deadlines and holders set directly, as a fixture: with the triggers that refuse a change without its history
        // row (migration 0006) switched off for this session only (a superuser's `session_replication_role`).
        // 0: decision passed; 1: supplementation passed; 2: both ahead; 3: none; 4: a draft with a passed decision day.
        let settings: [(decision: String?, supplementation: String?, assignee: String?)] = [
            ("2026-03-01", nil, "Bo Wen"), (nil, "2026-02-20", nil), ("2026-04-01", "2026-04-02", "Bo Wen"), (nil, nil, "Cy Lam"),
            ("2026-01-01", nil, nil), (nil, nil, nil),
        ]
        let opened = ids
        for (index, setting) in settings.enumerated() {
            _ = try await s.db.pool.withTransaction { connection in
                try await connection.execute(simpleSQL: "SET LOCAL session_replication_role = replica")
                return try await connection.query("""
                    UPDATE applications SET decision_due = \(setting.decision)::date, supplementation_due = \(setting.supplementation)::date,
                           assignee = \(setting.assignee), updated_at = \(StoreScenario.monday.addingTimeInterval(Double(index) * 60))
                     WHERE id = \(opened[index])
                    """)
            }
        }
        let today = CivilDate(year: 2026, month: 3, day: 2)
        func list(_ filter: CaseFilter) async throws -> [UUID] {
            try await CaseQueries.list(filter, today: today, pool: s.db.pool).map(\.id)
        }
        #expect(try await list(CaseFilter()) == ids.reversed())
        #expect(try await list(CaseFilter(limit: 2)) == [ids[5], ids[4]])
        #expect(try await list(CaseFilter(overdue: true)) == [ids[1], ids[0]])
        #expect(try await list(CaseFilter(overdue: true, limit: 1)) == [ids[1]])
        #expect(try await list(CaseFilter(assignee: "Bo Wen")) == [ids[2], ids[0]])
        #expect(try await list(CaseFilter(assignee: "Bo Wen", overdue: true)) == [ids[0]])
        #expect(try await list(CaseFilter(unassigned: true)) == [ids[5], ids[4], ids[1]])
        #expect(try await list(CaseFilter(state: .draft)) == [ids[4]])
        #expect(try await list(CaseFilter(state: .submitted, category: .education)) == [ids[5]])
        let summaries = try await CaseQueries.list(CaseFilter(), today: today, pool: s.db.pool)
        #expect(summaries.filter(\.overdue).map(\.id) == [ids[1], ids[0]])
        await s.close()
    }
}
