import Foundation
import PermitCore
import Postgres

/// A member of staff as listed.
public struct StaffMember: Sendable, Equatable, Codable {
    /// The person's name, as history shows it.
    public let name: String
    /// The PostgreSQL login the person connects as (nil for a person from before logins, and for `system`).
    public let login: String?
    /// clerk, caseworker, supervisor, reader, worker or system.
    public let role: String
    /// password, peer or cert (nil without a login).
    public let auth: String?
    /// Whether the person may act.
    public let active: Bool
    /// Whether the person has replaced their one-time password with their own (always true for peer and cert).
    public let passwordSet: Bool
}

/// What a login is for: the four kinds of staff, and the worker.
public enum LoginRole: String, Sendable, CaseIterable, Codable {
    /// Front desk: takes applications and documents.
    case clerk
    /// Reviews and decides.
    case caseworker
    /// Extensions, escalations, revocations, staff.
    case supervisor
    /// Reads everything but national IDs (masked); auditors and dashboards.
    case reader
    /// A worker process (its changes are recorded as `system`).
    case worker
}

/// How a login proves who it is.
public enum LoginAuthentication: String, Sendable, CaseIterable, Codable {
    /// A password: a one-time one from the supervisor, then the person's own (`permit password`).
    case password
    /// The operating-system user of the same name, over the local socket.
    case peer
    /// A client certificate whose common name is the login (the server's pg_hba.conf must allow it).
    case cert
}

/// A login just created or reset: who, and how they sign in the first time.
public struct StaffLogin: Sendable, Equatable, Codable {
    /// The staff member's name.
    public let name: String
    /// The login.
    public let login: String
    /// The role.
    public let role: LoginRole
    /// How the login authenticates.
    public let auth: LoginAuthentication
    /// The one-time password (password logins only), shown once.
    public let oneTimePassword: String?
    /// Until when the one-time password works.
    public let validUntil: Date?

    /// Creates the value.
    public init(name: String, login: String, role: LoginRole, auth: LoginAuthentication, oneTimePassword: String?, validUntil: Date?) {
        self.name = name
        self.login = login
        self.role = role
        self.auth = auth
        self.oneTimePassword = oneTimePassword
        self.validUntil = validUntil
    }
}

/// The people (and workers) who may connect, their logins and roles.
///
/// Logins are PostgreSQL roles created through the database's own `permit_add_staff` function, which only a
/// supervisor or the operator may call; passwords travel as SCRAM verifiers computed here by libpq.
public enum StaffDirectory {
    /// How long a one-time password works.
    public static let oneTimePasswordLifetime: TimeInterval = 3 * 86_400
    /// The shortest password a person may choose.
    public static let minimumPasswordLength = 10

    /// The acting person of `connection`'s session (its login, never a typed name), or a refusal saying why not.
    public static func sessionActor(on connection: PostgresConnection) async throws -> Actor {
        try await SessionIdentity.current(on: connection).actor()
    }

    /// Adds a person (or a worker) with a login of their own; a password login gets a one-time password (a person's
    /// expires after `oneTimePasswordLifetime` and must be replaced by their own before they act).
    /// - Parameter password: the first password to set instead of a generated one (worker logins in automation).
    public static func add(name: String, login: String, role: LoginRole, auth: LoginAuthentication = .password,
                           password: String? = nil, at now: Date, pool: PostgresPool) async throws -> StaffLogin {
        try await administer(pool) { connection in
            try await add(name: name, login: login, role: role, auth: auth, password: password, at: now, on: connection)
        }
    }

    /// Adds a person (or a worker) with a login of their own within the caller's transaction (see the pool variant);
    /// the caller maps errors as `administer` does.
    static func add(name: String, login: String, role: LoginRole, auth: LoginAuthentication = .password,
                    password: String? = nil, at now: Date, on connection: isolated PostgresConnection) async throws -> StaffLogin {
        let name = try validatedName(name)
        let login = try validatedLogin(login)
        if password != nil && auth != .password {
            throw StoreError.invalid("password", "a \(auth.rawValue) login has no password")
        }
        let secret = auth == .password ? try password.map(validatedPassword) ?? generatedPassword() : nil
        // A worker's password is for a machine and does not expire; a person's first password does.
        let validUntil = auth == .password && role != .worker ? now.addingTimeInterval(oneTimePasswordLifetime) : nil
        let verifier = try secret.map { try connection.scramVerifier(password: $0, user: login) }
        try await connection.query("""
            SELECT permit_add_staff(\(name), \(login), \(role.rawValue), \(auth.rawValue), \(verifier), \(validUntil))
            """)
        return StaffLogin(name: name, login: login, role: role, auth: auth, oneTimePassword: secret, validUntil: validUntil)
    }

    /// Gives a password login a new one-time password (a forgotten password; the person then chooses their own).
    public static func resetPassword(login: String, at now: Date, pool: PostgresPool) async throws -> StaffLogin {
        let login = try validatedLogin(login)
        let secret = generatedPassword()
        let validUntil = now.addingTimeInterval(oneTimePasswordLifetime)
        let member = try await administer(pool) { connection -> StaffMember? in
            let verifier = try connection.scramVerifier(password: secret, user: login)
            try await connection.query("SELECT permit_reset_password(\(login), \(verifier), \(validUntil))")
            return try await staffMember(login: login, on: connection)
        }
        guard let member, let role = LoginRole(rawValue: member.role) else {
            throw StoreError(.notFound, "login: no staff member has the login \(login)", field: "login")
        }
        return StaffLogin(name: member.name, login: login, role: role, auth: .password, oneTimePassword: secret, validUntil: validUntil)
    }

    /// Takes away a login's right to connect (the person's history stays theirs).
    public static func deactivate(login: String, pool: PostgresPool) async throws {
        let login = try validatedLogin(login)
        try await administer(pool) { connection in
            try await connection.query("SELECT permit_deactivate_staff(\(login))")
        }
    }

    /// Sets the session's own password (replacing a one-time password), as a SCRAM verifier.
    public static func setOwnPassword(_ password: String, pool: PostgresPool) async throws {
        try await StoreTransaction.run(on: pool) { connection in
            let identity = try await SessionIdentity.current(on: connection)
            let password = try validatedPassword(password)
            guard password != identity.login else {
                throw StoreError.invalid("password", "must not be the login itself")
            }
            let verifier = try connection.scramVerifier(password: password, user: identity.login)
            do {
                try await connection.query("SELECT permit_set_own_password(\(verifier))")
            } catch let error as PostgresError where error.sqlState == SQLState.insufficientPrivilege {
                throw StoreError.refused(Refusal(code: "no_password_login", message: error.message))
            }
        }
    }

    /// Records a staff member without a login, on an operator's (superuser or owner) connection: someone who can act
    /// only through an operator's connection, for the benchmark and tests of the door; nobody else may insert staff.
    public static func recordWithoutLogin(name: String, role: StaffRole, on connection: PostgresConnection) async throws -> Actor {
        let name = try validatedName(name)
        try await connection.query("INSERT INTO staff (name, role) VALUES (\(name), \(role.rawValue)) ON CONFLICT (name) DO NOTHING")
        return Actor(name: name, role: role)
    }

    /// Everyone in staff, by name.
    public static func list(pool: PostgresPool) async throws -> [StaffMember] {
        try await pool.withConnection { connection in
            try await connection.query("""
                SELECT name, login, role, auth, active, (role = 'worker' OR auth IS DISTINCT FROM 'password' OR password_set_at IS NOT NULL) AS password_set
                  FROM staff ORDER BY name
                """).map(StaffMember.init(row:))
        }
    }

    private static func staffMember(login: String, on connection: PostgresConnection) async throws -> StaffMember? {
        try await connection.query("""
            SELECT name, login, role, auth, active, (role = 'worker' OR auth IS DISTINCT FROM 'password' OR password_set_at IS NOT NULL) AS password_set
              FROM staff WHERE login = \(login)
            """).first.map(StaffMember.init(row:))
    }

    /// Runs a call of the staff functions in a transaction, turning the database's refusals into store errors that
    /// name the field at fault.
    @discardableResult
    /// Runs `body` in one transaction, with the database's refusals of staff administration said in the store's words.
    static func administer<T: Sendable>(_ pool: PostgresPool,
                                                _ body: @escaping @Sendable (isolated PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await pool.withTransaction(body)
        } catch let error as PostgresError {
            switch error.sqlState {
            case SQLState.insufficientPrivilege?:
                throw StoreError.refused(Refusal(code: "role_not_allowed", message: error.message))
            case SQLState.duplicateObject?, SQLState.invalidName?:
                throw StoreError.invalid("login", error.message)
            case SQLState.uniqueViolation?:
                throw StoreError.invalid("name", error.message)
            case SQLState.checkViolation?:
                throw StoreError.invalid("role", error.message)
            case SQLState.noDataFound?:
                throw StoreError(.notFound, "login: \(error.message)", field: "login")
            default:
                throw StoreError.from(error)
            }
        }
    }
}

extension StaffMember {
    init(row: PostgresRow) throws {
        self.init(name: try row.decode("name"), login: try row.decode("login", as: String?.self), role: try row.decode("role"),
                  auth: try row.decode("auth", as: String?.self), active: try row.decode("active"),
                  passwordSet: try row.decode("password_set"))
    }
}

extension StaffDirectory {
    /// A name: trimmed, 1 to 100 characters, no control characters.
    static func validatedName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else {
            throw StoreError.invalid("name", "must be 1 to 100 characters")
        }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw StoreError.invalid("name", "must not contain control characters")
        }
        guard trimmed != Actor.system.name else {
            throw StoreError.invalid("name", "'system' is the worker's name in history; choose another")
        }
        return trimmed
    }

    /// A login: 1 to 63 of a-z 0-9 . _ -, starting with a letter; not `pg_…`, `permit_…`, postgres or public.
    static func validatedLogin(_ login: String) throws -> String {
        let allowed = login.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard allowed, (1...63).contains(login.utf8.count), login.first?.isLetter == true else {
            throw StoreError.invalid("login", "'\(login)' is not a login: use 1 to 63 of a-z, 0-9, '.', '_', '-', starting with a letter")
        }
        guard !login.hasPrefix("pg_"), !login.hasPrefix("permit_"), !["postgres", "public"].contains(login) else {
            throw StoreError.invalid("login", "'\(login)' is reserved (pg_…, permit_…, postgres, public); choose another")
        }
        return login
    }

    /// A password a person chose: at least `minimumPasswordLength` characters, no control characters.
    static func validatedPassword(_ password: String) throws -> String {
        guard password.count >= minimumPasswordLength else {
            throw StoreError.invalid("password", "must be at least \(minimumPasswordLength) characters")
        }
        guard password.count <= 200, !password.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw StoreError.invalid("password", "must be at most 200 characters, without control characters")
        }
        return password
    }

    /// A one-time password: 16 characters from an alphabet without look-alikes (about 85 bits), from the system's
    /// cryptographic random source.
    public static func generatedPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
