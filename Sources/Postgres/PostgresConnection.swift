import CLibPQ
import Foundation
import Logging

/// One libpq connection; every blocking libpq call runs on the connection's own serial executor
/// (a private DispatchQueue), never on Swift's cooperative pool.
///
/// A connection is used by one task at a time; share connections through `PostgresPool`.
public actor PostgresConnection {
    private let executor: ConnectionExecutor
    /// The settings this connection was opened with.
    public nonisolated let configuration: PostgresConfiguration
    let logger: Logger
    /// Owns the libpq handle and finishes it if the actor is released without `close()`.
    private let owner = LibPQHandleOwner()
    /// The libpq handle; nil once closed.
    var handle: OpaquePointer? {
        get { owner.pointer }
        set { owner.pointer = newValue }
    }
    /// True after libpq reported the connection itself failing.
    private var sawConnectionError = false
    /// Cancels the running statement when the awaiting task is cancelled.
    private var canceller: QueryCanceller?
    /// The statements prepared on this connection, by SQL text (empty again on a new connection).
    var statements = PreparedStatements()
    /// Statements waiting to go to the server with the next one sent (see `enqueue(_:check:)`).
    var queued: [QueuedStatement] = []
    /// True between a `transaction`'s BEGIN (sent or queued) and its COMMIT or ROLLBACK.
    var inTransactionBlock = false
    /// The isolation level of the open `transaction`, if any.
    var transactionIsolation: IsolationLevel?
    /// Reads to send right after the open transaction's COMMIT, in its flight (see `prefetchAfterCommit`).
    var afterCommit: [PostgresQuery] = []
    /// The results of the reads sent after the last COMMIT, until the next statement.
    var prefetched: (queries: [PostgresQuery], rows: [PostgresRows])?

    /// Runs this actor's code on the connection's private queue.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    private init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.executor = ConnectionExecutor(label: "permitflow.postgres.connection")
    }

    /// Opens a connection (session time zone UTC, ISO dates, UTF-8); throws `.connectionFailed` naming where it tried.
    public static func connect(_ configuration: PostgresConfiguration, logger: Logger) async throws -> PostgresConnection {
        let connection = PostgresConnection(configuration: configuration, logger: logger)
        try await connection.open()
        return connection
    }

    private func open() throws {
        let notices = NoticeLogger(logger: logger)
        let connection = try LibPQConnect.open(configuration, notices: notices)
        owner.notices = notices
        handle = connection
        canceller = QueryCanceller(connection: connection)
        do {
            try execute(simpleSQLNow: "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'")
        } catch {
            close()
            throw error
        }
        logger.debug("postgres connection opened", metadata: ["database": "\(configuration)", "pid": "\(PQbackendPID(connection))"])
    }

    /// True when the connection can no longer be used: closed, `PQstatus` not OK, or a connection-level error was seen.
    public var isBroken: Bool {
        guard let handle else { return true }
        return sawConnectionError || PQstatus(handle) != CONNECTION_OK
    }

    /// The server process id serving this connection (0 when closed).
    public var backendProcessID: Int32 {
        handle.map { PQbackendPID($0) } ?? 0
    }

    /// Closes the connection (PQfinish once); later calls throw `.closed`.
    public func close() {
        guard let handle else { return }
        canceller?.invalidate()
        canceller = nil
        PQfinish(handle)
        self.handle = nil
    }

    /// Runs one statement with text parameters and returns its rows and affected-row count.
    ///
    /// The statement is prepared on its first use on this connection and executed by name afterwards
    /// (PQprepare, PQexecPrepared). Statements queued with `enqueue(_:check:)` go with it in one flight.
    ///
    /// Cancelling the task sends a cancel request; the statement then fails with SQLSTATE 57014.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await cancellable { try $0.queryNow(query) }
    }

    /// Runs SQL with no parameters through the simple protocol (several statements allowed; used by migrations).
    public func execute(simpleSQL sql: String) async throws {
        try await cancellable { try $0.execute(simpleSQLNow: sql) }
    }

    /// Runs blocking libpq work; a task cancelled before it starts throws `CancellationError`, one cancelled
    /// while it runs asks the server to cancel the statement.
    func cancellable<T>(_ work: (isolated PostgresConnection) throws -> T) async throws -> T {
        try Task.checkCancellation()
        let canceller = self.canceller
        return try await withTaskCancellationHandler {
            try work(self)
        } onCancel: {
            canceller?.requestCancel()
        }
    }

    /// Sends a notification on `channel` with `payload` (both as parameters of `pg_notify`).
    public func notify(channel: String, payload: String) async throws {
        _ = try queryNow("SELECT pg_notify(\(channel), \(payload))")
    }

    /// The number of statements prepared on this connection (diagnostics and tests).
    public var preparedStatementCount: Int { statements.count }

    func queryNow(_ query: PostgresQuery) throws -> PostgresRows {
        prefetched = nil
        if !queued.isEmpty { return try flightNow([query])[0] }
        let handle = try openHandle()
        deallocateStale(handle)
        let mayRetry = !inTransactionBlock && PQtransactionStatus(handle) == PQTRANS_IDLE
        do {
            return try executePrepared(query, handle: handle)
        } catch let error as PostgresError where forgetOutdated(query.sql, after: error) && mayRetry {
            // Outside a transaction nothing was done: prepare it again and run it once more.
            return try executePrepared(query, handle: handle)
        }
    }

    /// Runs `query` by its prepared name, preparing it first when this connection has not yet.
    func executePrepared(_ query: PostgresQuery, handle: OpaquePointer) throws -> PostgresRows {
        let name: String
        if let known = statements.name(for: query.sql) {
            name = known
        } else {
            name = statements.newName()
            _ = try rows(from: PQprepare(handle, name, query.sql, 0, nil), handle: handle)
            statements.record(name, for: query.sql)
        }
        let binds = CStringArray(query.binds)
        let result = binds.withPointers { parameters in
            PQexecPrepared(handle, name, binds.count, parameters, nil, nil, 0)
        }
        return try rows(from: result, handle: handle)
    }

    /// Forgets the prepared statement of `sql` when `error` says it no longer fits (the result type changed:
    /// 0A000 `cached plan must not change result type`) or no longer exists (26000, after DISCARD/DEALLOCATE ALL).
    /// Returns whether it did, i.e. whether preparing again may succeed.
    func forgetOutdated(_ sql: String, after error: PostgresError) -> Bool {
        if error.sqlState == SQLState.featureNotSupported, error.message.contains("cached plan must not change result type") {
            statements.forget(sql)
            return true
        }
        if error.sqlState == SQLState.invalidSQLStatementName {
            statements.forgetAll()
            return true
        }
        return false
    }

    /// Deallocates statements the cache forgot, when the connection is idle (a failure there harms no transaction).
    func deallocateStale(_ handle: OpaquePointer) {
        guard !statements.stale.isEmpty, !inTransactionBlock, PQtransactionStatus(handle) == PQTRANS_IDLE else { return }
        let sql = statements.takeStale().map { "DEALLOCATE \($0)" }.joined(separator: "; ")
        PQclear(PQexec(handle, sql))
    }

    func execute(simpleSQLNow sql: String) throws {
        prefetched = nil
        if !queued.isEmpty { try flushNow() }
        let handle = try openHandle()
        defer {
            // DISCARD ALL or DEALLOCATE removes prepared statements behind the cache's back (anything else that does
            // is noticed by the 26000 it causes).
            let head = sql.utf8.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }.prefix(10).map { $0 & 0xDF }
            if head.starts(with: Array("DISCARD".utf8)) || head.starts(with: Array("DEALLOCATE".utf8)) { statements.forgetAll() }
        }
        _ = try rows(from: PQexec(handle, sql), handle: handle)
    }

    /// The open handle, or `.closed`.
    func openHandle() throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(code: .closed, message: "the connection to \(configuration) is closed")
        }
        return handle
    }

    /// Reads and clears a result, turning failures into `PostgresError` and noting a lost connection.
    func rows(from result: OpaquePointer?, handle: OpaquePointer) throws -> PostgresRows {
        defer { PQclear(result) }
        guard let result else { throw failure(nil, handle: handle) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return PostgresResult.rows(of: result)
        case PGRES_COPY_IN:
            PQputCopyEnd(handle, "COPY FROM STDIN needs copyIn(_:lines:)")
            drainResults(handle)
            throw PostgresError(code: .protocolViolation, message: "COPY … FROM STDIN must be run with copyIn(_:lines:)")
        case PGRES_COPY_OUT:
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &buffer, 0) > 0 { PQfreemem(buffer) }
            drainResults(handle)
            throw PostgresError(code: .protocolViolation, message: "COPY … TO STDOUT is not supported by query(_:)")
        default:
            throw failure(result, handle: handle)
        }
    }

    /// Builds the error for a failed result and remembers when it broke the connection.
    func failure(_ result: OpaquePointer?, handle: OpaquePointer, code: PostgresError.Code = .server) -> PostgresError {
        let error = PostgresResult.error(from: result, connection: handle, code: code)
        if error.code == .connectionLost {
            sawConnectionError = true
            logger.warning("postgres connection lost", metadata: ["database": "\(configuration)", "error": "\(error.message)"])
        }
        return error
    }

    /// Reads and frees results until libpq has none left.
    func drainResults(_ handle: OpaquePointer) {
        while let result = PQgetResult(handle) { PQclear(result) }
    }
}

/// Holds a libpq connection pointer and calls PQfinish when released (used only on its actor's executor).
final class LibPQHandleOwner {
    var pointer: OpaquePointer?
    /// Receives the connection's notices; lives as long as the handle.
    var notices: NoticeLogger?

    deinit {
        if let pointer { PQfinish(pointer) }
    }
}
