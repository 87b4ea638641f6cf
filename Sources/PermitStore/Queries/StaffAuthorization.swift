import Foundation
import PermitCore
import Postgres

/// Checks that the session's login may take a non-workflow action (the database's grants and row security
/// check the same again).
public enum StaffAuthorization {
    /// The session's actor when their role allows `action`; otherwise a refusal.
    @discardableResult
    public static func require(_ action: StaffAction, pool: PostgresPool) async throws -> Actor {
        try await pool.withConnection { connection in try await require(action, on: connection) }
    }

    /// The same check on the caller's connection (inside its transaction).
    @discardableResult
    public static func require(_ action: StaffAction, on connection: PostgresConnection) async throws -> Actor {
        let actor = try await StaffDirectory.sessionActor(on: connection)
        if let refusal = StaffPermissions.check(action, by: actor) {
            throw StoreError.refused(refusal)
        }
        return actor
    }
}
