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
    /// Runs `body` in a transaction: BEGIN, COMMIT on return, ROLLBACK on throw (rethrowing the original error).
    ///
    /// If a statement inside failed but `body` swallowed the error, the transaction is rolled back and
    /// this throws 25P02 instead of silently committing nothing. A `readOnly` transaction is refused every
    /// write by the server (SQLSTATE 25006).
    public func transaction<T: Sendable>(
        isolationLevel: IsolationLevel = .readCommitted,
        readOnly: Bool = false,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try execute(simpleSQLNow: "BEGIN ISOLATION LEVEL \(isolationLevel.rawValue)" + (readOnly ? " READ ONLY" : ""))
        let value: T
        do {
            value = try await body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        if let handle, PQtransactionStatus(handle) == PQTRANS_INERROR {
            rollbackQuietly()
            throw PostgresError(
                code: .server,
                message: "the transaction was rolled back because a statement in it failed",
                sqlState: SQLState.inFailedSQLTransaction
            )
        }
        try execute(simpleSQLNow: "COMMIT")
        return value
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
