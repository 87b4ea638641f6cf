import Foundation
import PermitCore
import Postgres

/// Checks, against the staff table, that the acting person may take a non-workflow action.
public enum StaffAuthorization {
    /// The acting person when `actorName` is in staff and their role allows `action`; otherwise a refusal.
    ///
    /// `addStaff` is allowed to anyone (even with no name) while staff has no active supervisor (bootstrap).
    @discardableResult
    public static func require(_ action: StaffAction, actorName: String?, pool: PostgresPool) async throws -> Actor? {
        try await pool.withConnection { connection in
            try await require(action, actorName: actorName, on: connection)
        }
    }

    /// The same check on the caller's connection (inside its transaction).
    @discardableResult
    public static func require(_ action: StaffAction, actorName: String?, on connection: PostgresConnection) async throws -> Actor? {
        var noSupervisorYet = false
        if action == .addStaff {
            let rows = try await connection.query("SELECT count(*) AS n FROM staff WHERE role = 'supervisor' AND active")
            noSupervisorYet = try rows.first?.decode("n", as: Int.self) == 0
        }
        var actor: Actor?
        if let actorName, !(noSupervisorYet && action == .addStaff) {
            actor = try await StaffDirectory.actor(named: actorName, on: connection)
        }
        if let refusal = StaffPermissions.check(action, by: actor, noSupervisorYet: noSupervisorYet) {
            throw StoreError.refused(refusal)
        }
        return actor
    }
}
