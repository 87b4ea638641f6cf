import Foundation
import PermitCore
import Postgres

/// Who a connection's login is, as the database itself says (`permit_whoami()`, from `session_user`).
///
/// PermitFlow never takes a typed name for who acts: the actor of every change is this identity, and the
/// database checks each history row against it again.
public struct SessionIdentity: Sendable, Equatable, Codable {
    /// The PostgreSQL login of the session.
    public let login: String
    /// The staff member's name (how history shows them); `system` for a worker login; nil when not in staff.
    public let name: String?
    /// clerk, caseworker, supervisor, reader, or system (a worker login); nil for a superuser or a stranger.
    public let role: String?
    /// Whether the login is a superuser (who acts for nobody here).
    public let superuser: Bool
    /// Whether the login still has the one-time password a supervisor gave it.
    public let mustSetPassword: Bool
    /// Whether the staff member may act at all.
    public let active: Bool

    /// Creates an identity (tests and callers that already know it).
    public init(login: String, name: String?, role: String?, superuser: Bool, mustSetPassword: Bool, active: Bool) {
        self.login = login
        self.name = name
        self.role = role
        self.superuser = superuser
        self.mustSetPassword = mustSetPassword
        self.active = active
    }

    /// The identity of `connection`'s session.
    public static func current(on connection: PostgresConnection) async throws -> SessionIdentity {
        let rows = try await connection.query(
            "SELECT login, name, role, superuser, must_set_password, active FROM permit_whoami()")
        guard let row = rows.first else {
            throw StoreError(.failed, "the database did not say who this session is (permit_whoami returned nothing)")
        }
        return SessionIdentity(login: try row.decode("login"), name: try row.decode("name", as: String?.self),
                               role: try row.decode("role", as: String?.self), superuser: try row.decode("superuser"),
                               mustSetPassword: try row.decode("must_set_password"), active: try row.decode("active"))
    }

    /// The actor this login's changes are recorded for, or a refusal that says why the login may not act.
    public func actor() throws -> Actor {
        if superuser {
            throw StoreError.refused(Refusal(code: Self.superuserCode,
                message: "\(login) is a superuser and acts for nobody: connect as your own staff login (PGUSER)"))
        }
        guard let name, let role else {
            throw StoreError.refused(Refusal(code: "not_staff",
                message: "the login \(login) is not in this office's staff; a supervisor adds people with `permit staff add`"))
        }
        guard active else {
            throw StoreError.refused(Refusal(code: "inactive_actor", message: "\(name) (\(login)) is no longer active in staff"))
        }
        if mustSetPassword {
            throw StoreError.refused(Refusal(code: "password_not_set",
                message: "\(login) still has the one-time password it was given; choose your own with `permit password` first"))
        }
        guard let staffRole = StaffRole(rawValue: role) else {
            throw StoreError.refused(Refusal(code: "role_not_allowed", message: "\(name) is a \(role) and may only read"))
        }
        return staffRole == .system ? .system : Actor(name: name, role: staffRole)
    }

    /// The refusal code for a superuser session that tries to act.
    public static let superuserCode = "superuser_is_not_staff"
}
