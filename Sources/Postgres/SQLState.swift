/// SQLSTATE codes as constants.
public enum SQLState {
    /// 23505: a unique constraint was violated.
    public static let uniqueViolation = "23505"
    /// 23503: a foreign key was violated.
    public static let foreignKeyViolation = "23503"
    /// 23514: a CHECK constraint was violated.
    public static let checkViolation = "23514"
    /// 23502: a NOT NULL column got NULL.
    public static let notNullViolation = "23502"
    /// 23P01: an exclusion constraint was violated.
    public static let exclusionViolation = "23P01"
    /// 40001: a serializable transaction could not be ordered.
    public static let serializationFailure = "40001"
    /// 40P01: a deadlock was detected.
    public static let deadlockDetected = "40P01"
    /// P0001: RAISE EXCEPTION in PL/pgSQL.
    public static let raiseException = "P0001"
    /// 55P03: NOWAIT could not take a lock.
    public static let lockNotAvailable = "55P03"
    /// 55006: the object is in use (e.g. a template database being copied).
    public static let objectInUse = "55006"
    /// 57P01: the server is shutting down (administrator command).
    public static let adminShutdown = "57P01"
    /// 57P02: the server crashed.
    public static let crashShutdown = "57P02"
    /// 57P03: the server is starting up or cannot accept connections now.
    public static let cannotConnectNow = "57P03"
    /// 57014: the statement was cancelled (statement_timeout or a cancel request).
    public static let queryCanceled = "57014"
    /// 08006: the connection failed.
    public static let connectionFailure = "08006"
    /// 08001: the client could not establish a connection.
    public static let sqlClientUnableToEstablishSQLConnection = "08001"
    /// 42P01: the table does not exist.
    public static let undefinedTable = "42P01"
    /// 42703: the column does not exist.
    public static let undefinedColumn = "42703"
    /// 42501: the role lacks a privilege for the statement (a missing grant, or a row-level security policy refused the row).
    public static let insufficientPrivilege = "42501"
    /// 42601: the SQL has a syntax error.
    public static let syntaxError = "42601"
    /// 42P04: the database already exists.
    public static let duplicateDatabase = "42P04"
    /// 42P07: the table or other relation already exists.
    public static let duplicateTable = "42P07"
    /// 3D000: the database does not exist.
    public static let invalidCatalogName = "3D000"
    /// 22P02: the text is not valid for the type.
    public static let invalidTextRepresentation = "22P02"
    /// 22001: the string is too long for the column.
    public static let stringDataRightTruncation = "22001"
    /// 22007: the date/time text is not valid.
    public static let invalidDatetimeFormat = "22007"
    /// 22008: a date/time field is out of range.
    public static let datetimeFieldOverflow = "22008"
    /// 25P02: the transaction is aborted; commands are ignored until ROLLBACK.
    public static let inFailedSQLTransaction = "25P02"
    /// 22P04: bad COPY file format.
    public static let badCopyFileFormat = "22P04"
    /// 42710: a duplicate object, e.g. a role that already exists.
    public static let duplicateObject = "42710"
    /// 42602: an identifier that is not allowed.
    public static let invalidName = "42602"
    /// 0A000: a feature is not supported (also "cached plan must not change result type" for a prepared statement).
    public static let featureNotSupported = "0A000"
    /// 26000: no prepared statement has that name.
    public static let invalidSQLStatementName = "26000"
    /// P0002: no data found (raised by PL/pgSQL functions for a missing row, and by `require_one_row` when the row a
    /// change was based on is gone).
    public static let noDataFound = "P0002"
}
