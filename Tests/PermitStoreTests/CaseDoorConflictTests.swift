import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

@Suite("The door's version check, now a failing statement in the writes' flight")
struct CaseDoorConflictTests {
    @Test func aChangeBasedOnAStaleReadingIsAConflictAndWritesNothing() async throws {
        let s = try await StoreScenario.create("door_stale_reading")
        let id = try await s.researchCase(serial: 811)
        let stale = try await s.db.pool.withConnection { connection in try await s.cases.read(id, on: connection) }
        try await s.system(.beginScreening, id)

        let error = try await #require(throws: StoreError.self) {
            try await s.db.pool.withTransaction { connection in
                try await s.cases.apply(.beginScreening, to: stale, by: .system, at: StoreScenario.monday, on: connection)
            }
        }
        #expect(error.code == .conflict, "\(error)")
        #expect(error.message.contains("changed under you"))
        #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(id) AND event = 'begin_screening'") == 1)
        #expect(try await s.cases.load(id).version == 3)
        await s.close()
    }
}
