import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// A test database with PermitFlow's migrations applied and `seeds/` loaded, and a pool on it.
public struct PermitDatabase: Sendable {
    /// The underlying throwaway database.
    public let database: TestDatabase
    /// A pool on it.
    public let pool: PostgresPool
    /// A logger that discards below warning.
    public let logger: Logger

    /// Creates a fresh database, migrates it and (unless `seeded` is false) loads `seeds/`.
    /// - Parameter purpose: what the database is for; tests that act on fixed days (Monday 2 March 2026, a sweep
    ///   years ahead) need `.training`, since a production database refuses history far from its clock.
    public static func create(_ suite: String, seeded: Bool = true, maxConnections: Int = 4,
                              purpose: DatabasePurpose = .production) async throws -> PermitDatabase {
        let database = try await TestDatabase.create(suite)
        var logger = Logger(label: "test.\(suite)")
        logger.logLevel = .warning
        let root = TestDatabase.repositoryRoot
        let migrations = try MigrationFiles.load(from: root.appendingPathComponent("migrations"))
        try await Migrator(configuration: database.configuration, migrations: migrations, logger: logger).migrate()
        let pool = PostgresPool(configuration: database.configuration, maxConnections: maxConnections, logger: logger)
        if seeded {
            _ = try await SeedLoader.load(from: root.appendingPathComponent("seeds"), pool: pool, logger: logger)
        } else {
            try await HistoryRules.sync(pool: pool)
        }
        if purpose != .production {
            _ = try await DatabasePurpose.record(purpose, note: "test database acting on fixed days", pool: pool)
        }
        return PermitDatabase(database: database, pool: pool, logger: logger)
    }

    /// `base_<suffix>`: a login name unique to this database (dropped with it).
    public func loginName(_ base: String) -> String {
        let cleaned = String(base.lowercased().map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }.prefix(40))
        return "\(cleaned.first?.isLetter == true ? "" : "l")\(cleaned)_\(database.suffix)"
    }

    /// A staff member (or worker) with a login of their own, made by the operator as `permit staff add` does and
    /// signed in with their own password as `permit password` leaves it (a worker keeps the password it was given).
    public func login(_ name: String, role: LoginRole) async throws -> TestLogin {
        let login = loginName(name)
        let first = StaffDirectory.generatedPassword()
        _ = try await StaffDirectory.add(name: name, login: login, role: role, password: first, at: Date(), pool: pool)
        var password = first
        if role != .worker {
            password = StaffDirectory.generatedPassword()
            let signIn = PostgresPool(configuration: database.configuration.login(login, password: first), maxConnections: 1, logger: logger)
            do {
                try await StaffDirectory.setOwnPassword(password, pool: signIn)
                await signIn.close()
            } catch {
                await signIn.close()
                throw error
            }
        }
        return TestLogin(name: name, login: login, password: password,
                         configuration: database.configuration.login(login, password: password))
    }

    /// A pool connected as `login` (close it when done).
    public func pool(for login: TestLogin, maxConnections: Int = 4) -> PostgresPool {
        PostgresPool(configuration: login.configuration, maxConnections: maxConnections, logger: logger)
    }

    /// A staff member without a login (a row the operator's connection may act for, in tests of the door's logic).
    public func addStaff(_ name: String, role: StaffRole) async throws {
        _ = try await pool.withConnection { try await StaffDirectory.recordWithoutLogin(name: name, role: role, on: $0) }
    }

    /// Closes the pool and drops the database.
    public func close() async {
        await pool.close()
        await database.drop()
    }

    /// The integer result of a one-value query, e.g. a count.
    public func count(_ query: PostgresQuery) async throws -> Int {
        try await pool.withConnection { connection in
            let rows = try await connection.query(query)
            return try rows.first?.decode(rows.first?.columns.first ?? "", as: Int.self) ?? 0
        }
    }
}

/// A login made for a test database: who, and how to connect as them.
public struct TestLogin: Sendable {
    /// The staff member's name (as history records them).
    public let name: String
    /// The PostgreSQL login.
    public let login: String
    /// Their own password.
    public let password: String
    /// Connection settings for the test database as this login.
    public let configuration: PostgresConfiguration

    /// Describes a login (its configuration carries the password).
    public init(name: String, login: String, password: String, configuration: PostgresConfiguration) {
        self.name = name
        self.login = login
        self.password = password
        self.configuration = configuration
    }
}

/// Valid, unique-enough identifiers for test data.
public enum Fixtures {
    /// A national ID with a correct check character, born on `birth` (YYYYMMDD), with a serial from `serial`.
    public static func nationalID(birth: String = "19850312", serial: Int) -> String {
        let body = "440305" + birth + String(format: "%03d", serial % 1000)
        return body + String(NationalID.checkCharacter(for: body))
    }

    /// A unified social credit code with a correct check character, from `serial`.
    public static func creditCode(serial: Int) -> String {
        let body = "91440300" + String(format: "%09d", serial % 1_000_000_000)
        return body + String(CreditCode.checkCharacter(for: body)!)
    }
}
