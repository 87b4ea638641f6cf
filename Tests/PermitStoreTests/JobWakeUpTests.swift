import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

@Suite("Enqueueing wakes the workers only for jobs due now")
struct JobWakeUpTests {
    @Test func aJobDueNowNotifiesAndAJobDueNextMonthDoesNot() async throws {
        let db = try await PermitDatabase.create("job_wake_up")
        let listener = PostgresListener(configuration: db.database.configuration, channels: ["permit_jobs"], logger: db.logger)
        try await listener.start()
        defer { listener.stop() }
        var notifications = listener.notifications.makeAsyncIterator()
        func enqueue(dueIn seconds: TimeInterval) async throws {
            try await db.pool.withTransaction { connection in
                try await JobQueue.enqueue(kind: "lapse_check", caseID: nil, dueAt: Date().addingTimeInterval(seconds), on: connection)
            }
        }
        try await enqueue(dueIn: 30 * 86_400)
        try await enqueue(dueIn: 60)
        try await enqueue(dueIn: 0)
        // A marker sent last arrives after whatever the inserts sent: exactly one notification comes before it.
        _ = try await db.pool.withConnection { connection in try await connection.notify(channel: "permit_jobs", payload: "marker") }
        var before: [String] = []
        while let notification = await notifications.next(), notification.payload != "marker" {
            before.append(notification.payload)
        }
        #expect(before == [""])
        await db.close()
    }
}
