/// A server or client error with its SQLSTATE and diagnostic fields.
public struct PostgresError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The server could not be reached or refused the connection.
        public static let connectionFailed = Code("connectionFailed")
        /// An open connection broke (server restart, network loss).
        public static let connectionLost = Code("connectionLost")
        /// The server rejected a statement; see `sqlState`.
        public static let server = Code("server")
        /// A column's text could not be read as the requested type.
        public static let decoding = Code("decoding")
        /// A COPY … FROM STDIN failed.
        public static let copyFailed = Code("copyFailed")
        /// libpq returned something this wrapper did not expect.
        public static let protocolViolation = Code("protocolViolation")
        /// The connection, pool or listener was already closed.
        public static let closed = Code("closed")
        /// The server asked for a password and none was given (PGPASSWORD, ~/.pgpass, the URL).
        public static let passwordRequired = Code("passwordRequired")
        /// The server refused the login: a wrong or expired password, no such role, a peer or certificate mismatch.
        public static let authenticationFailed = Code("authenticationFailed")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The five-character SQLSTATE from the server, when there is one.
    public var sqlState: String?
    /// The primary human-readable message.
    public var message: String
    /// The server's DETAIL field.
    public var detail: String?
    /// The server's HINT field.
    public var hint: String?
    /// The constraint that was violated, when the server names one.
    public var constraint: String?
    /// The table involved, when the server names one.
    public var table: String?

    /// Creates an error.
    public init(
        code: Code,
        message: String,
        sqlState: String? = nil,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil,
        table: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
    }

    /// The message with its SQLSTATE, constraint, detail and hint.
    public var description: String {
        var text = "\(message) [\(code)"
        if let sqlState { text += " \(sqlState)" }
        if let constraint { text += ", constraint \(constraint)" }
        text += "]"
        if let detail { text += " DETAIL: \(detail)" }
        if let hint { text += " HINT: \(hint)" }
        return text
    }

    /// A duplicate key (23505).
    public var isUniqueViolation: Bool { sqlState == SQLState.uniqueViolation }
    /// A serializable transaction could not be ordered (40001); retry it.
    public var isSerializationFailure: Bool { sqlState == SQLState.serializationFailure }
    /// A deadlock was detected (40P01); retry it.
    public var isDeadlock: Bool { sqlState == SQLState.deadlockDetected }
    /// A foreign key was violated (23503).
    public var isForeignKeyViolation: Bool { sqlState == SQLState.foreignKeyViolation }
    /// A CHECK constraint was violated (23514).
    public var isCheckViolation: Bool { sqlState == SQLState.checkViolation }
    /// The connection is gone or could not be made (client codes, SQLSTATE class 08, 57P01/57P02/57P03).
    public var isConnectionLost: Bool {
        if code == .connectionLost || code == .connectionFailed { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08")
            || sqlState == SQLState.adminShutdown
            || sqlState == SQLState.crashShutdown
            || sqlState == SQLState.cannotConnectNow
    }
}
