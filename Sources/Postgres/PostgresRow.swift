/// One result row; values are in text format.
public struct PostgresRow: Sendable {
    /// The column names, in select-list order.
    public let columns: [String]
    /// The values in text format, nil for NULL, aligned with `columns`.
    public let values: [String?]

    /// Creates a row from column names and their text values.
    public init(columns: [String], values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// Decodes a non-NULL column; throws `PostgresError(.decoding)` naming the column on NULL, bad text or a missing column.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let text = try text(of: column) else {
            throw PostgresError(code: .decoding, message: "column \"\(column)\" is NULL but a \(T.self) was expected")
        }
        return try decode(text, column: column)
    }

    /// Decodes a nullable column: NULL becomes nil.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T?.Type) throws -> T? {
        guard let text = try text(of: column) else { return nil }
        return try decode(text, column: column) as T
    }

    /// The raw text of a column (nil for NULL or when there is no such column).
    public subscript(_ column: String) -> String? {
        guard let index = columns.firstIndex(of: column) else { return nil }
        return values[index]
    }

    private func text(of column: String) throws -> String? {
        guard let index = columns.firstIndex(of: column) else {
            throw PostgresError(
                code: .decoding,
                message: "column \"\(column)\" is not in the result (columns: \(columns.joined(separator: ", ")))"
            )
        }
        return values[index]
    }

    private func decode<T: PostgresDecodable>(_ text: String, column: String) throws -> T {
        do {
            return try T(postgresText: text)
        } catch var error as PostgresError {
            error.message = "column \"\(column)\": \(error.message)"
            throw error
        } catch {
            throw PostgresError(code: .decoding, message: "column \"\(column)\": \(error)")
        }
    }
}

/// The rows and command status of one statement.
public struct PostgresRows: Sendable, RandomAccessCollection {
    /// The rows returned, in order.
    public let rows: [PostgresRow]
    /// Rows affected by INSERT/UPDATE/DELETE/COPY (PQcmdTuples), or the number returned by SELECT.
    public let affectedRows: Int

    /// Creates a result.
    public init(rows: [PostgresRow], affectedRows: Int) {
        self.rows = rows
        self.affectedRows = affectedRows
    }

    /// The first row's index, 0.
    public var startIndex: Int { rows.startIndex }
    /// One past the last row's index.
    public var endIndex: Int { rows.endIndex }
    /// The row at `position`.
    public subscript(position: Int) -> PostgresRow { rows[position] }
}
