import Logging
import PermitTestSupport
import Postgres
import Testing

@Suite("Server notices go to the logger, not stderr")
struct NoticeLoggingTests {
    @Test func warningsAndNoticesAreLoggedWithTheirLevel() async throws {
        let database = try await TestDatabase.create("notices")
        let store = LogStore()
        let connection = try await PostgresConnection.connect(database.configuration, logger: store.logger(label: "notices"))
        try await connection.execute(simpleSQL: "DO $$ BEGIN RAISE WARNING 'careful with case %', 17; RAISE NOTICE 'just saying'; END $$")
        let warning = try #require(store.records(containing: "careful with case 17").first)
        #expect(warning.level == .warning)
        #expect(warning.label == "notices")
        #expect(store.records(containing: "just saying").first?.level == .debug)
        await connection.close()
        await database.drop()
    }
}
