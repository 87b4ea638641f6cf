import CLibPQ

/// The isolation level of a transaction.
public enum IsolationLevel: String, Sendable {
    /// Each statement sees data committed before it began (PostgreSQL's default).
    case readCommitted = "READ COMMITTED"
    /// All statements see one snapshot; concurrent updates of the same row fail with 40001.
    case repeatableRead = "REPEATABLE READ"
    /// As if transactions ran one at a time; conflicts fail with 40001.
    case serializable = "SERIALIZABLE"
}

extension PostgresConnection {
    /// Runs `body` isolated to this connection (on its executor), outside any transaction it does not open itself.
    /// Reads prefetched for a next transaction do not outlive the body.
    public func run<T: Sendable>(_ body: @Sendable (isolated PostgresConnection) async throws -> T) async throws -> T {
        defer {
            prefetched = nil
            afterCommit = []
        }
        return try await body(self)
    }

    /// Runs `body` in a transaction: BEGIN, COMMIT on return, ROLLBACK on throw (rethrowing the original error).
    ///
    /// `body` runs isolated to this connection, on its executor: its statements, and any nonisolated(nonsending)
    /// code it calls, cost no hop between executors. BEGIN is queued and goes to the server with the first
    /// statement. Statements still queued at the end go in one flight with the COMMIT when they can fail only by an
    /// error (`enqueue(_:mapError:)`); when one has a check on its rows, they go first and the COMMIT after the checks.
    ///
    /// If a statement inside failed but `body` swallowed the error, the transaction is rolled back and
    /// this throws 25P02 instead of silently committing nothing. A `readOnly` transaction is refused every
    /// write by the server (SQLSTATE 25006).
    public func transaction<T: Sendable>(
        isolationLevel: IsolationLevel = .readCommitted,
        readOnly: Bool = false,
        _ body: @Sendable (isolated PostgresConnection) async throws -> T
    ) async throws -> T {
        try Task.checkCancellation()
        let outer = inTransactionBlock
        if outer {
            logger.warning("transaction() inside a transaction: the inner one joins the outer")
        } else {
            inTransactionBlock = true
            transactionIsolation = isolationLevel
            queued.append(QueuedStatement(query: PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolationLevel.rawValue)"
                                                                       + (readOnly ? " READ ONLY" : "")),
                                          check: { _ = try $0.get() }, failsOnlyByError: true))
        }
        let value: T
        var committed = false
        do {
            value = try await body(self)
            if !outer {
                if queuedFailOnlyByError, !queued.isEmpty {
                    // Nothing queued waits for a check: the COMMIT goes in the same flight (an error there stops it),
                    // followed by any reads prefetched for the next transaction.
                    try await cancellable { connection in try connection.commitInFlight() }
                    committed = true
                } else {
                    afterCommit = []
                    try await flush()
                }
            }
        } catch {
            if !outer { endTransactionBlock() }
            throw error
        }
        guard !outer else { return value }
        if committed {
            inTransactionBlock = false
            transactionIsolation = nil
            return value
        }
        if let handle, PQtransactionStatus(handle) == PQTRANS_INERROR {
            endTransactionBlock()
            throw PostgresError(
                code: .server,
                message: "the transaction was rolled back because a statement in it failed",
                sqlState: SQLState.inFailedSQLTransaction
            )
        }
        inTransactionBlock = false
        transactionIsolation = nil
        do {
            try execute(simpleSQLNow: "COMMIT")
        } catch {
            endTransactionBlock()
            throw error
        }
        return value
    }

    /// Sends the queued statements, COMMIT and the reads prefetched for the next transaction in one flight; keeps
    /// those reads' results when all of them succeeded. Throws the first queued refusal or the COMMIT's error.
    private func commitInFlight() throws {
        let reads = afterCommit
        afterCommit = []
        let results = try flightResults(["COMMIT"] + reads)
        _ = try results[0].get()
        let rows = results.dropFirst().compactMap { try? $0.get() }
        if !reads.isEmpty, rows.count == reads.count { prefetched = (reads, rows) }
    }

    /// Ends the transaction block after a failure: queued statements are dropped and the server's transaction rolled back.
    private func endTransactionBlock() {
        discardQueued()
        afterCommit = []
        transactionIsolation = nil
        inTransactionBlock = false
        rollbackQuietly()
    }

    /// Rolls back when the connection is still usable and inside a transaction; errors are logged, not thrown.
    private func rollbackQuietly() {
        guard let handle, PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) != PQTRANS_IDLE else { return }
        do {
            try execute(simpleSQLNow: "ROLLBACK")
        } catch {
            logger.warning("rollback failed", metadata: ["error": "\(error)"])
        }
    }
}
