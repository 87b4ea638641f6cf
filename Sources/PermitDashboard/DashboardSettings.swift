import Postgres

/// Where `permit serve` listens and how it treats logins.
public struct DashboardSettings: Sendable {
    /// The database the browsers' logins connect to (its own user and password are replaced by each login's).
    public var database: PostgresConfiguration
    /// The address to listen on (loopback by default: put a TLS proxy in front to reach it from elsewhere).
    public var host: String
    /// The port (0: any free port, reported to `onListening`).
    public var port: Int
    /// An open case is "near" its decision deadline with at most this many working days left.
    public var nearMarginWorkingDays: Int
    /// Connections per signed-in login.
    public var connectionsPerLogin: Int
    /// A login's pool is closed after this long unused.
    public var idleSeconds: Double
    /// A login's password is checked with the server again after this long.
    public var recheckSeconds: Double

    /// Creates settings.
    public init(database: PostgresConfiguration, host: String = "127.0.0.1", port: Int = 8080, nearMarginWorkingDays: Int = 2,
                connectionsPerLogin: Int = 2, idleSeconds: Double = 300, recheckSeconds: Double = 60) {
        self.database = database
        self.host = host
        self.port = port
        self.nearMarginWorkingDays = nearMarginWorkingDays
        self.connectionsPerLogin = connectionsPerLogin
        self.idleSeconds = idleSeconds
        self.recheckSeconds = recheckSeconds
    }
}
