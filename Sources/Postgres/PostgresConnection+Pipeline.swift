import CLibPQ

/// A statement waiting to be sent with the next one, and what to do with its result.
struct QueuedStatement: Sendable {
    var query: PostgresQuery
    var check: @Sendable (Result<PostgresRows, PostgresError>) throws -> Void
    /// True when only an error can make `check` throw: a COMMIT may then go in the same flight (an error stops it).
    var failsOnlyByError: Bool
}

extension PostgresConnection {
    /// Runs `queries` in one flight (libpq pipeline mode: every statement sent, then every result read) and
    /// returns their results in order. Use it for statements that do not depend on each other's results.
    ///
    /// The first statement that fails is thrown, with the server's error; the statements after it were not run.
    /// Outside a transaction the flight is one implicit transaction, so a failure leaves nothing of it behind;
    /// inside one, the transaction is aborted and `transaction` rolls it back.
    public func pipeline(_ queries: [PostgresQuery]) async throws -> [PostgresRows] {
        if let rows = takePrefetched(queries) { return rows }
        return try await cancellable { try $0.flightNow(queries) }
    }

    /// Sends `queries` (reads) right after the COMMIT of this connection's current (or next) `transaction`, in the
    /// COMMIT's own flight, and keeps their results for the next `pipeline` call that asks exactly these statements,
    /// if nothing else is sent before it: a worker lane reads its next job's case while the last one commits, and
    /// that job's transaction then starts with its reads done.
    ///
    /// The reads run in an implicit transaction of their own just after the COMMIT, so they are used only by a
    /// READ COMMITTED transaction (whose statements each see what was committed before them anyway); they are
    /// dropped when the COMMIT cannot go in one flight with the queued writes, or when anything fails.
    public func prefetchAfterCommit(_ queries: [PostgresQuery]) {
        afterCommit = queries
    }

    /// The prefetched results for `queries`, if they are exactly what was prefetched and may be used here.
    private func takePrefetched(_ queries: [PostgresQuery]) -> [PostgresRows]? {
        guard let waiting = prefetched else { return nil }
        prefetched = nil
        guard transactionIsolation == nil || transactionIsolation == .readCommitted,
              waiting.queries.count == queries.count,
              zip(waiting.queries, queries).allSatisfy({ $0.sql == $1.sql && $0.binds == $1.binds })
        else { return nil }
        return waiting.rows
    }

    /// Queues a statement whose result the caller does not wait for: it goes to the server in the same flight as
    /// the next statement this connection sends (a query, a pipeline, or the COMMIT of `transaction`); its error,
    /// turned by `mapError`, is then thrown by that later call. A COMMIT may go in the same flight: the error stops it.
    ///
    /// Outside a transaction there is nothing to wait for: the statement runs now.
    public func enqueue(_ query: PostgresQuery,
                        mapError: @escaping @Sendable (PostgresError) -> any Error = { $0 }) async throws {
        try await enqueue(QueuedStatement(query: query, check: { result in
            if case .failure(let error) = result { throw mapError(error) }
        }, failsOnlyByError: true))
    }

    /// Queues a statement like `enqueue(_:mapError:)`, with a `check` that sees its result (rows or error) and may
    /// refuse it; the flight that carries it does not carry the COMMIT, which waits for the check.
    public func enqueue(_ query: PostgresQuery,
                        check: @escaping @Sendable (Result<PostgresRows, PostgresError>) throws -> Void) async throws {
        try await enqueue(QueuedStatement(query: query, check: check, failsOnlyByError: false))
    }

    private func enqueue(_ statement: QueuedStatement) async throws {
        guard inTransactionBlock else {
            try await cancellable { connection in
                let result: Result<PostgresRows, PostgresError>
                do { result = .success(try connection.queryNow(statement.query)) } catch let error as PostgresError { result = .failure(error) }
                try statement.check(result)
            }
            return
        }
        queued.append(statement)
    }

    /// True when every queued statement fails only by an error (a COMMIT may go with them).
    var queuedFailOnlyByError: Bool { queued.allSatisfy(\.failsOnlyByError) }

    /// Sends the queued statements now and checks their results.
    public func flush() async throws {
        try await cancellable { try $0.flushNow() }
    }

    /// How many statements wait for the next flight.
    public var queuedStatementCount: Int { queued.count }

    func flushNow() throws {
        guard !queued.isEmpty else { return }
        _ = try flightNow([])
    }

    /// Drops queued statements unsent (the transaction is being rolled back).
    func discardQueued() {
        queued.removeAll()
    }

    /// Sends the queued statements and `queries` in one flight; runs the queued checks, then returns the rows of `queries`.
    func flightNow(_ queries: [PostgresQuery]) throws -> [PostgresRows] {
        try flightResults(queries).map { try $0.get() }
    }

    /// Sends the queued statements and `queries` in one flight; runs the queued checks (throwing the first refusal),
    /// then returns the results of `queries`, failures included.
    func flightResults(_ queries: [PostgresQuery]) throws -> [Result<PostgresRows, PostgresError>] {
        prefetched = nil
        let waiting = queued
        queued.removeAll()
        let all = waiting.map(\.query) + queries
        guard !all.isEmpty else { return [] }
        let handle = try openHandle()
        deallocateStale(handle)
        let mayRetry = waiting.isEmpty && !inTransactionBlock && PQtransactionStatus(handle) == PQTRANS_IDLE
        var results = try pipelineNow(all, handle: handle)
        if mayRetry, results.contains(where: { if case .failure(let error) = $0 { return planOutdated(error, all) } else { return false } }) {
            // An implicit transaction: nothing of the flight stayed; run it again with the statements prepared anew.
            results = try pipelineNow(all, handle: handle)
        }
        for (statement, result) in zip(waiting, results) {
            try statement.check(result)
        }
        return Array(results.dropFirst(waiting.count))
    }

    /// Forgets every statement of `queries` that `error` shows outdated; true when one was.
    private func planOutdated(_ error: PostgresError, _ queries: [PostgresQuery]) -> Bool {
        var outdated = false
        for query in queries where forgetOutdated(query.sql, after: error) { outdated = true }
        return outdated
    }

    /// One step sent in a flight: a Parse of a statement not yet prepared, or the execution of query `index`.
    private enum Step {
        case prepare(name: String, sql: String, forQuery: Int)
        case execute(Int)
    }

    /// Sends `queries` in pipeline mode with one sync at the end and reads every result.
    private func pipelineNow(_ queries: [PostgresQuery], handle: OpaquePointer) throws -> [Result<PostgresRows, PostgresError>] {
        if queries.count == 1 {
            // One statement needs no pipeline.
            do { return [.success(try executePrepared(queries[0], handle: handle))] } catch let error as PostgresError { return [.failure(error)] }
        }
        guard PQenterPipelineMode(handle) == 1 else { throw failure(nil, handle: handle) }
        defer { _ = PQexitPipelineMode(handle) }

        var steps: [Step] = []
        var preparing: [String: String] = [:]
        var sendError: PostgresError?
        send: for (index, query) in queries.enumerated() {
            var name = statements.name(for: query.sql) ?? preparing[query.sql]
            if name == nil {
                let fresh = statements.newName()
                guard PQsendPrepare(handle, fresh, query.sql, 0, nil) == 1 else {
                    sendError = failure(nil, handle: handle)
                    break send
                }
                steps.append(.prepare(name: fresh, sql: query.sql, forQuery: index))
                preparing[query.sql] = fresh
                name = fresh
            }
            let binds = CStringArray(query.binds)
            let sent = binds.withPointers { parameters in
                PQsendQueryPrepared(handle, name, binds.count, parameters, nil, nil, 0)
            }
            guard sent == 1 else {
                sendError = failure(nil, handle: handle)
                break send
            }
            steps.append(.execute(index))
        }
        guard PQpipelineSync(handle) == 1 else { throw failure(nil, handle: handle) }

        var results = [Result<PostgresRows, PostgresError>?](repeating: nil, count: queries.count)
        var prepareErrors: [Int: PostgresError] = [:]
        for step in steps {
            let outcome = readStepResult(handle)
            switch step {
            case .prepare(let name, let sql, let query):
                switch outcome {
                case .success: statements.record(name, for: sql)
                case .failure(let error): prepareErrors[query] = error
                }
            case .execute(let index):
                if case .failure(let error) = outcome, error.sqlState == SQLState.inFailedSQLTransaction, let cause = prepareErrors[index] {
                    results[index] = .failure(cause)
                } else {
                    results[index] = outcome
                }
            }
        }
        try readSync(handle)
        let notRun = sendError ?? PostgresError(code: .server, message: "not run: an earlier statement of the same flight failed",
                                                sqlState: SQLState.inFailedSQLTransaction)
        return results.map { $0 ?? .failure(notRun) }
    }

    /// Reads the results of one pipelined step, up to the NULL that ends them.
    private func readStepResult(_ handle: OpaquePointer) -> Result<PostgresRows, PostgresError> {
        var outcome: Result<PostgresRows, PostgresError>?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            guard outcome == nil else { continue }
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                outcome = .success(PostgresResult.rows(of: result))
            case PGRES_PIPELINE_ABORTED:
                outcome = .failure(PostgresError(code: .server, message: "not run: an earlier statement of the same flight failed",
                                                 sqlState: SQLState.inFailedSQLTransaction))
            case PGRES_PIPELINE_SYNC:
                // The sync arrived early: the connection broke and libpq gave up on the steps before it.
                return .failure(failure(nil, handle: handle))
            default:
                outcome = .failure(failure(result, handle: handle))
            }
        }
        return outcome ?? .failure(failure(nil, handle: handle))
    }

    /// Reads up to the sync that ends a flight; throws when the connection broke instead.
    private func readSync(_ handle: OpaquePointer) throws {
        var empty = 0
        while true {
            guard let result = PQgetResult(handle) else {
                empty += 1
                if empty > 1 || PQstatus(handle) != CONNECTION_OK { throw failure(nil, handle: handle) }
                continue
            }
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { return }
            if PQstatus(handle) != CONNECTION_OK { throw failure(nil, handle: handle) }
        }
    }
}
