import Foundation
import Logging
import Postgres

/// Why a browser was not let in.
enum LoginRefusal: Error, Equatable {
    /// No credentials, or credentials PostgreSQL refused (wrong password, unknown login, not allowed to log in).
    case unauthorized(String)
    /// The server let the login in without checking a password (trust or peer): that proves nothing about the browser.
    case passwordNotChecked(String)
}

/// A small connection pool per PostgreSQL login, opened AS that login with the password the browser sent: libpq and
/// the server check the password, and every dashboard query runs with that login's own grants.
///
/// A password lives only in memory, inside its login's pool (libpq needs it to open the pool's connections), and is
/// compared in constant time; it is never written anywhere or logged. A pool idle for `idleSeconds` is closed and
/// forgotten; a login is checked with the server again after `recheckSeconds`, so a changed password or a dropped
/// login stops working within that time.
actor LoginPools {
    private struct Entry {
        let pool: PostgresPool
        let password: String
        var checkedAt: ContinuousClock.Instant
        var usedAt: ContinuousClock.Instant
    }

    private let base: PostgresConfiguration
    private let connectionsPerLogin: Int
    private let idleSeconds: Double
    private let recheckSeconds: Double
    private let logger: Logger
    private var entries: [String: Entry] = [:]

    init(base: PostgresConfiguration, connectionsPerLogin: Int = 2, idleSeconds: Double = 300, recheckSeconds: Double = 60,
         logger: Logger) {
        self.base = base
        self.connectionsPerLogin = connectionsPerLogin
        self.idleSeconds = idleSeconds
        self.recheckSeconds = recheckSeconds
        self.logger = logger
    }

    /// The pool of `credentials.login`, after the server accepted the password; throws `LoginRefusal`, or the
    /// connection error when the server cannot be reached.
    func pool(for credentials: BasicCredentials) async throws -> PostgresPool {
        let now = ContinuousClock.now
        closeIdle(now: now)
        guard !credentials.login.isEmpty, !credentials.password.isEmpty else {
            // An empty password would let libpq fall back to a password file: never.
            throw LoginRefusal.unauthorized("a login and a password are required")
        }
        if var entry = entries[credentials.login], Self.same(entry.password, credentials.password),
           now - entry.checkedAt < .milliseconds(Int(recheckSeconds * 1000)) {
            entry.usedAt = now
            entries[credentials.login] = entry
            return entry.pool
        }
        let configuration = base.signingIn(as: credentials.login, password: credentials.password, readOnly: true)
        try await Self.check(configuration, login: credentials.login, logger: logger)
        if let previous = entries[credentials.login], Self.same(previous.password, credentials.password) {
            entries[credentials.login]?.checkedAt = now
            entries[credentials.login]?.usedAt = now
            return previous.pool
        }
        if let previous = entries.removeValue(forKey: credentials.login) { await previous.pool.close() }
        let pool = PostgresPool(configuration: configuration, maxConnections: connectionsPerLogin, logger: logger)
        entries[credentials.login] = Entry(pool: pool, password: credentials.password, checkedAt: now, usedAt: now)
        logger.info("dashboard login", metadata: ["login": "\(credentials.login)"])
        return pool
    }

    /// Closes every pool.
    func closeAll() async {
        let pools = entries.values.map(\.pool)
        entries.removeAll()
        for pool in pools { await pool.close() }
    }

    /// Logins with a pool now.
    var logins: [String] { entries.keys.sorted() }

    private func closeIdle(now: ContinuousClock.Instant) {
        let idle = entries.filter { now - $0.value.usedAt > .milliseconds(Int(idleSeconds * 1000)) }
        for (login, entry) in idle {
            entries[login] = nil
            Task { await entry.pool.close() }
        }
    }

    /// Opens one connection as the login: the server checks the password; one it did not ask for is refused.
    private static func check(_ configuration: PostgresConfiguration, login: String, logger: Logger) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration, logger: logger)
        } catch let error as PostgresError where error.code == .authenticationFailed || error.code == .passwordRequired {
            logger.notice("dashboard login refused", metadata: ["login": "\(login)"])
            throw LoginRefusal.unauthorized("PostgreSQL refused the login or the password")
        }
        let checked = await connection.passwordWasChecked
        await connection.close()
        guard checked else {
            logger.warning("dashboard login refused: the server did not ask for a password (trust or peer)",
                           metadata: ["login": "\(login)"])
            throw LoginRefusal.passwordNotChecked(
                "the database lets \(login) in without a password (trust or peer authentication), so it cannot vouch for "
                + "this browser: give the login a password and scram-sha-256 in pg_hba.conf")
        }
    }

    /// Compares in time that does not depend on where the texts first differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
