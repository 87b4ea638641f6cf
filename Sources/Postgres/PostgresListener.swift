import Foundation
import Logging
import Synchronization

/// A dedicated connection that LISTENs and waits on its socket with poll() (no sleep loop), reconnecting and
/// re-LISTENing after a loss.
///
/// Notifications sent while the connection is down are lost (PostgreSQL does not queue them for a new session);
/// consumers that must not miss work should also look for it on a slow timer.
public final class PostgresListener: Sendable {
    private let loop: ListenerLoop
    /// The received notifications, in arrival order; meant for one consumer. Ends after `stop()`.
    public let notifications: AsyncStream<PostgresNotification>

    /// Creates a listener for `channels` (any text; quoted as identifiers). Nothing happens until `start()`.
    ///
    /// `onReconnect` is called on the listening thread each time the connection is back after a loss (for metrics).
    public init(configuration: PostgresConfiguration, channels: [String], logger: Logger,
                onReconnect: @escaping @Sendable () -> Void = {}) {
        let (stream, continuation) = AsyncStream.makeStream(of: PostgresNotification.self, bufferingPolicy: .unbounded)
        notifications = stream
        loop = ListenerLoop(configuration: configuration, channels: channels, logger: logger, continuation: continuation,
                            onReconnect: onReconnect)
    }

    deinit {
        loop.stop()
    }

    /// Connects and LISTENs on a dedicated thread; returns once listening, or throws why it could not connect.
    public func start() async throws {
        try await withCheckedThrowingContinuation { (started: CheckedContinuation<Void, any Error>) in
            loop.start(started)
        }
    }

    /// Ends the stream; the listening thread closes its connection and exits promptly (it is woken, not polled).
    public func stop() {
        loop.stop()
    }

    /// Times the listening thread returned from poll(), for tests showing it does not wake without cause.
    var wakeCount: Int { loop.wakeCount }
    /// Whether the listening thread is alive.
    var isThreadRunning: Bool { loop.isThreadRunning }
    /// Times the connection was re-established after a loss.
    var reconnectCount: Int { loop.reconnectCount }
}
