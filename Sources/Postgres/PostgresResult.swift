import CLibPQ

/// Reading a `PGresult` into Swift values and diagnostic errors.
enum PostgresResult {
    /// The rows of a successful result.
    static func rows(of result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return PostgresRows(rows: rows, affectedRows: affectedRows(of: result) ?? rowCount)
    }

    /// PQcmdTuples as a number (nil when the command reports none).
    static func affectedRows(of result: OpaquePointer) -> Int? {
        guard let text = PQcmdTuples(result) else { return nil }
        return Int(String(cString: text))
    }

    /// The error a failed result (or a nil result) describes, with the server's diagnostic fields.
    static func error(from result: OpaquePointer?, connection: OpaquePointer?, code: PostgresError.Code = .server) -> PostgresError {
        let connectionOK = connection.map { PQstatus($0) == CONNECTION_OK } ?? false
        let connectionMessage = connection.map { String(cString: PQerrorMessage($0)).trimmingWhitespace } ?? ""
        guard let result else {
            return PostgresError(
                code: connectionOK ? .protocolViolation : .connectionLost,
                message: connectionMessage.isEmpty ? "libpq returned no result" : connectionMessage
            )
        }
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let sqlState = field(PERMIT_PG_DIAG_SQLSTATE)
        var message = field(PERMIT_PG_DIAG_MESSAGE_PRIMARY)
            ?? String(cString: PQresultErrorMessage(result)).trimmingWhitespace
        if message.isEmpty { message = connectionMessage.isEmpty ? "unknown error" : connectionMessage }
        return PostgresError(
            code: connectionOK ? code : .connectionLost,
            message: message,
            sqlState: sqlState,
            detail: field(PERMIT_PG_DIAG_MESSAGE_DETAIL),
            hint: field(PERMIT_PG_DIAG_MESSAGE_HINT),
            constraint: field(PERMIT_PG_DIAG_CONSTRAINT_NAME),
            table: field(PERMIT_PG_DIAG_TABLE_NAME)
        )
    }
}

extension String {
    /// Without leading/trailing spaces and newlines (libpq messages end with a newline).
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
