import Foundation
import PermitTestSupport
import Testing
@testable import Postgres

@Suite("LISTEN/NOTIFY through PostgresListener")
struct ListenerTests {
    /// Five notifications from another session arrive intact, each while the listener waits. The listener's
    /// thread waits in poll() on its socket with no timeout, so an arrival shows it woke on the socket, not on
    /// a timer. How fast (the 100 ms) is a benchmark figure, not asserted here: `permit bench` prints the
    /// median and the slowest of 200, and on this shared machine a stall (steal) once delayed all five past 100 ms.
    @Test func notificationFromAnotherSessionArrivesIntactWhileTheListenerWaits() async throws {
        try await withConnection("listen") { connection, database in
            let listener = PostgresListener(configuration: database.configuration, channels: ["case_jobs"], logger: testLogger)
            try await listener.start()
            defer { listener.stop() }
            let sender = await connection.backendProcessID
            for round in 0..<5 {
                try await connection.notify(channel: "case_jobs", payload: "案件 \(round) 'ready'")
                let notification = try #require(await next(of: listener.notifications, within: 5))
                #expect(notification.channel == "case_jobs")
                #expect(notification.payload == "案件 \(round) 'ready'")
                #expect(notification.processID == sender)
            }
        }
    }

    @Test func channelNamesAreQuotedAsIdentifiers() async throws {
        try await withConnection("listen_quoted") { connection, database in
            let odd = "Jobs \"quoted\"; DROP TABLE x; 中文"
            let listener = PostgresListener(configuration: database.configuration, channels: [odd, "plain"], logger: testLogger)
            try await listener.start()
            defer { listener.stop() }
            try await connection.notify(channel: "plain", payload: "1")
            try await connection.notify(channel: odd, payload: "2")
            var iterator = listener.notifications.makeAsyncIterator()
            let first = await iterator.next()
            let second = await iterator.next()
            #expect(first?.channel == "plain")
            #expect(second?.channel == odd)
            #expect(second?.payload == "2")
        }
    }

    @Test func listenerSleepsInPollUntilSomethingArrives() async throws {
        try await withConnection("listen_idle") { connection, database in
            let listener = PostgresListener(configuration: database.configuration, channels: ["wake"], logger: testLogger)
            try await listener.start()
            let wakesAfterStart = listener.wakeCount
            try await Task.sleep(for: .milliseconds(600))
            #expect(listener.wakeCount == wakesAfterStart, "the listening thread woke without a notification")
            try await connection.notify(channel: "wake", payload: "")
            #expect(await next(of: listener.notifications, within: 5)?.channel == "wake")
            #expect(listener.wakeCount > wakesAfterStart)
            listener.stop()
            let clock = ContinuousClock()
            let stopped = clock.now
            while listener.isThreadRunning && clock.now - stopped < .seconds(5) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(!listener.isThreadRunning, "stop() did not end the listening thread")
            var iterator = listener.notifications.makeAsyncIterator()
            #expect(await iterator.next() == nil)
            await #expect(throws: PostgresError.self) { try await listener.start() }
        }
    }

    @Test func startFailsWhenTheServerCannotBeReached() async throws {
        let nowhere = PostgresConfiguration(conninfo: "host=/tmp/permitflow-no-such-dir port=5999 user=postgres dbname=x")
        let listener = PostgresListener(configuration: nowhere, channels: ["a"], logger: testLogger)
        let error = try await #require(throws: PostgresError.self) { try await listener.start() }
        #expect(error.code == .connectionFailed)
        listener.stop()
    }
}
