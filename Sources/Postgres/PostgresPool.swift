import Logging

/// A bounded pool of connections; a connection is used by one task at a time; broken connections are discarded and replaced.
public actor PostgresPool {
    /// The settings every pooled connection uses.
    public nonisolated let configuration: PostgresConfiguration
    /// The most connections open at once.
    public nonisolated let maxConnections: Int
    private let logger: Logger

    /// What a waiting borrower is handed: a connection, or the right to open one (a freed slot).
    private enum Grant: Sendable {
        case connection(PostgresConnection)
        case slot
    }

    /// Returned connections, each with when it came back (checked then, and again when idle for long).
    private var idle: [(connection: PostgresConnection, returnedAt: ContinuousClock.Instant)] = []
    /// A connection idle for longer than this is checked again before it is lent; one returned more recently
    /// was checked on return, and if the server went away since, the borrower's lost connection is retried once.
    private let recheckAfter: Duration = .seconds(1)
    /// Connections open or being opened, idle or lent.
    private var openCount = 0
    /// Borrowers waiting for a connection, first come first served.
    private var waiters: [(id: Int, continuation: CheckedContinuation<Grant, any Error>)] = []
    private var nextWaiterID = 0
    private var isClosed = false

    /// Creates a pool; connections are opened on demand, at most `maxConnections` at once.
    public init(configuration: PostgresConfiguration, maxConnections: Int = 4, logger: Logger) {
        self.configuration = configuration
        self.maxConnections = max(1, maxConnections)
        self.logger = logger
    }

    /// Lends a connection to `body`. If body fails because the connection was lost (e.g. server restart), the
    /// connection is discarded and body is retried ONCE on a fresh connection.
    ///
    /// `body` runs isolated to the connection, on its executor: its statements (and nonisolated(nonsending) code it
    /// calls) cost no hop between executors.
    public func withConnection<T: Sendable>(_ body: @Sendable (isolated PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await lend(body)
        } catch let error as PostgresError where error.isConnectionLost && error.code != .connectionFailed {
            logger.info("retrying once on a fresh connection", metadata: ["error": "\(error.message)"])
            return try await lend(body)
        }
    }

    /// Lends a connection and runs `body` in a transaction on it (retried once on a fresh connection if the connection was lost).
    public func withTransaction<T: Sendable>(
        isolationLevel: IsolationLevel = .readCommitted,
        readOnly: Bool = false,
        _ body: @Sendable (isolated PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.transaction(isolationLevel: isolationLevel, readOnly: readOnly, body)
        }
    }

    /// Closes idle connections, fails waiting borrowers with `.closed`; lent connections close when returned.
    public func close() async {
        guard !isClosed else { return }
        isClosed = true
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting {
            waiter.continuation.resume(throwing: PostgresError(code: .closed, message: "the connection pool for \(configuration) was closed"))
        }
        let connections = idle.map(\.connection)
        idle.removeAll()
        openCount -= connections.count
        for connection in connections { await connection.close() }
    }

    /// Connections currently open (idle or lent), for diagnostics.
    public var openConnectionCount: Int { openCount }

    private func lend<T: Sendable>(_ body: @Sendable (isolated PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let value = try await connection.run(body)
            await giveBack(connection)
            return value
        } catch let error as PostgresError where error.isConnectionLost {
            await discard(connection)
            await discardIdle()
            throw error
        } catch {
            await giveBack(connection)
            throw error
        }
    }

    private func acquire() async throws -> PostgresConnection {
        while true {
            try Task.checkCancellation()
            guard !isClosed else {
                throw PostgresError(code: .closed, message: "the connection pool for \(configuration) is closed")
            }
            if let (connection, returnedAt) = idle.popLast() {
                if ContinuousClock.now - returnedAt < recheckAfter { return connection }
                if await connection.isReusable() { return connection }
                await discard(connection)
                continue
            }
            if openCount < maxConnections {
                openCount += 1
                return try await openReservedConnection()
            }
            let grant = try await waitForGrant()
            switch grant {
            case .connection(let connection):
                return connection
            case .slot:
                return try await openReservedConnection()
            }
        }
    }

    /// Waits until a connection is returned or a slot frees; a cancelled task stops waiting with `CancellationError`.
    private func waitForGrant() async throws -> Grant {
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.stopWaiting(id) }
        }
    }

    private func stopWaiting(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Opens a connection for a slot already counted in `openCount`; on failure frees the slot.
    private func openReservedConnection() async throws -> PostgresConnection {
        do {
            let connection = try await PostgresConnection.connect(configuration, logger: logger)
            if isClosed {
                await connection.close()
                releaseSlot()
                throw PostgresError(code: .closed, message: "the connection pool for \(configuration) is closed")
            }
            return connection
        } catch {
            releaseSlot()
            throw error
        }
    }

    /// Returns a lent connection: to a waiter, to the idle list, or closed when it cannot be reused.
    private func giveBack(_ connection: PostgresConnection) async {
        let reusable = await connection.isReusable()
        guard reusable, !isClosed else {
            await discard(connection)
            return
        }
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: .connection(connection))
        } else {
            idle.append((connection, ContinuousClock.now))
        }
    }

    /// Closes a connection and frees its slot.
    private func discard(_ connection: PostgresConnection) async {
        await connection.close()
        releaseSlot()
    }

    /// Closes every idle connection: after one was lost the others likely were too (server restart).
    private func discardIdle() async {
        let connections = idle.map(\.connection)
        idle.removeAll()
        for connection in connections { await discard(connection) }
    }

    /// A slot freed: hand it to the first waiter, or count it down.
    private func releaseSlot() {
        if !isClosed, !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: .slot)
        } else {
            openCount -= 1
        }
    }
}
