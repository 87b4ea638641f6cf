import Foundation
import Logging
import Postgres

/// How long a NOTIFY takes to reach a listener that is already waiting (what wakes an idle worker).
enum NotifyLatency {
    /// Sends `count` notifications one after another and returns their delivery times in milliseconds, sorted.
    static func measure(count: Int, configuration: PostgresConfiguration, logger: Logger) async throws -> [Double] {
        let channel = "permit_bench_latency"
        let listener = PostgresListener(configuration: configuration, channels: [channel], logger: logger)
        try await listener.start()
        defer { listener.stop() }
        var iterator = listener.notifications.makeAsyncIterator()
        let clock = ContinuousClock()
        var latencies: [Double] = []
        let sender = try await PostgresConnection.connect(configuration, logger: logger)
        do {
            for round in 0..<count {
                let sent = clock.now
                try await sender.notify(channel: channel, payload: "\(round)")
                guard await iterator.next() != nil else {
                    throw JobFailure("benchmark check failed: the listener stopped after \(round) notifications")
                }
                let elapsed = clock.now - sent
                latencies.append(elapsed.inSeconds * 1000)
            }
            await sender.close()
        } catch {
            await sender.close()
            throw error
        }
        return latencies.sorted()
    }
}
