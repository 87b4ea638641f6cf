import CLibPQ
import Foundation
import Glibc
import Logging
import Synchronization

/// The thread behind `PostgresListener`: owns the libpq connection and waits in poll() on its socket and a wake pipe.
final class ListenerLoop: Sendable {
    private struct State {
        var isRunning = false
        var isStopped = false
    }

    let configuration: PostgresConfiguration
    let channels: [String]
    private let logger: Logger
    private let continuation: AsyncStream<PostgresNotification>.Continuation
    private let onReconnect: @Sendable () -> Void
    let notices: NoticeLogger
    private let state = Mutex(State())
    private let wakes = Atomic<Int>(0)
    private let reconnects = Atomic<Int>(0)
    /// The wake pipe: `stop()` writes to `wakeWriter`; the thread polls `wakeReader`.
    private let wakeReader: Int32
    private let wakeWriter: Int32

    init(
        configuration: PostgresConfiguration,
        channels: [String],
        logger: Logger,
        continuation: AsyncStream<PostgresNotification>.Continuation,
        onReconnect: @escaping @Sendable () -> Void
    ) {
        self.onReconnect = onReconnect
        self.configuration = configuration
        self.channels = channels
        self.logger = logger
        self.continuation = continuation
        self.notices = NoticeLogger(logger: logger)
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
        } else {
            fds = [-1, -1]
        }
        wakeReader = fds[0]
        wakeWriter = fds[1]
    }

    deinit {
        if wakeReader >= 0 { Glibc.close(wakeReader) }
        if wakeWriter >= 0 { Glibc.close(wakeWriter) }
    }

    var wakeCount: Int { wakes.load(ordering: .relaxed) }
    var reconnectCount: Int { reconnects.load(ordering: .relaxed) }
    var isThreadRunning: Bool { state.withLock { $0.isRunning } }

    func start(_ started: CheckedContinuation<Void, any Error>) {
        let decision: Result<Bool, PostgresError> = state.withLock { state in
            if state.isStopped { return .failure(PostgresError(code: .closed, message: "the listener was stopped")) }
            if state.isRunning { return .success(false) }
            guard wakeReader >= 0 else {
                return .failure(PostgresError(code: .protocolViolation, message: "the listener could not create its wake pipe"))
            }
            state.isRunning = true
            return .success(true)
        }
        switch decision {
        case .failure(let error): started.resume(throwing: error)
        case .success(false): started.resume()
        case .success(true):
            let thread = Thread { [self] in run(started) }
            thread.name = "permitflow.postgres.listener"
            thread.start()
        }
    }

    func stop() {
        let wasStopped = state.withLock { state in
            defer { state.isStopped = true }
            return state.isStopped
        }
        guard !wasStopped else { return }
        var byte: UInt8 = 1
        _ = write(wakeWriter, &byte, 1)
        continuation.finish()
    }

    var isStopped: Bool { state.withLock { $0.isStopped } }

    private func run(_ started: CheckedContinuation<Void, any Error>) {
        var pendingStart: CheckedContinuation<Void, any Error>? = started
        var connection: OpaquePointer?
        var backoffMilliseconds: Int32 = 100
        defer {
            if let connection { PQfinish(connection) }
            pendingStart?.resume(throwing: PostgresError(code: .closed, message: "the listener was stopped before it was listening"))
            state.withLock { $0.isRunning = false }
        }
        while !isStopped {
            guard let current = connection else {
                do {
                    guard let opened = try connectAndListen() else { return }
                    connection = opened
                    backoffMilliseconds = 100
                    if let start = pendingStart {
                        pendingStart = nil
                        start.resume()
                    } else {
                        reconnects.add(1, ordering: .relaxed)
                        onReconnect()
                        logger.info("listener reconnected", metadata: ["database": "\(configuration)"])
                    }
                } catch {
                    if let start = pendingStart {
                        pendingStart = nil
                        start.resume(throwing: error)
                        return
                    }
                    logger.warning("listener cannot reconnect yet", metadata: ["error": "\(error)"])
                    _ = waitForWake(socket: -1, events: 0, timeoutMilliseconds: backoffMilliseconds)
                    backoffMilliseconds = min(backoffMilliseconds * 2, 2000)
                }
                continue
            }
            guard waitForWake(socket: PQsocket(current), events: POLLIN, timeoutMilliseconds: -1) else { continue }
            if PQconsumeInput(current) == 0 || PQstatus(current) != CONNECTION_OK {
                logger.warning("listener connection lost", metadata: [
                    "error": "\(String(cString: PQerrorMessage(current)).trimmingWhitespace)",
                ])
                PQfinish(current)
                connection = nil
                continue
            }
            while let notification = PQnotifies(current) {
                continuation.yield(PostgresNotification(
                    channel: String(cString: notification.pointee.relname),
                    payload: String(cString: notification.pointee.extra),
                    processID: notification.pointee.be_pid
                ))
                PQfreemem(notification)
            }
        }
    }

    /// Blocks in poll() until the socket is ready for `events` (true) or the wake pipe fires / the timeout passes (false).
    func waitForWake(socket: Int32, events: Int32, timeoutMilliseconds: Int32) -> Bool {
        var descriptors = [pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0)]
        if socket >= 0 { descriptors.append(pollfd(fd: socket, events: Int16(events), revents: 0)) }
        var ready: Int32
        repeat {
            ready = poll(&descriptors, nfds_t(descriptors.count), timeoutMilliseconds)
        } while ready < 0 && errno == EINTR
        wakes.add(1, ordering: .relaxed)
        if descriptors[0].revents != 0 {
            var sink = [UInt8](repeating: 0, count: 16)
            while read(wakeReader, &sink, sink.count) > 0 {}
        }
        return descriptors.count > 1 && descriptors[1].revents != 0
    }
}
