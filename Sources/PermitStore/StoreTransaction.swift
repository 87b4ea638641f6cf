import Foundation
import PermitCore
import Postgres

/// Runs work in one transaction on a pooled connection, turning database failures into store errors.
enum StoreTransaction {
    /// Runs `body` in a transaction: committed on return, rolled back on throw; a `readOnly` one is refused every write.
    static func run<T: Sendable>(on pool: PostgresPool, isolationLevel: IsolationLevel = .readCommitted, readOnly: Bool = false,
                                 _ body: @escaping @Sendable (isolated PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await pool.withTransaction(isolationLevel: isolationLevel, readOnly: readOnly, body)
        } catch let error as PostgresError {
            throw StoreError.from(error)
        }
    }
}

extension StoreError {
    /// A database failure as a store error: lost races become conflicts, a lost server `unavailable`.
    static func from(_ error: PostgresError) -> StoreError {
        if error.isSerializationFailure || error.isDeadlock {
            return StoreError(.conflict, "the change collided with another one (\(error.message)); retry")
        }
        if error.isConnectionLost || error.code == .connectionFailed {
            return StoreError(.unavailable, "the database cannot be reached: \(error.message)")
        }
        if error.sqlState == SQLState.undefinedTable {
            return StoreError(.notReady, "the database has no PermitFlow schema yet (\(error.message)): run `permit migrate` and `permit seed` first")
        }
        if error.constraint == "four_eyes" {
            return StoreError(.refused, "refused (four_eyes): \(error.message)")
        }
        if error.constraint == DatabasePurpose.databaseConstraint {
            return StoreError.refused(DatabasePurpose.databaseRefusal(error))
        }
        if error.code == .passwordRequired {
            return StoreError(.unauthenticated, error.message, field: "password")
        }
        if error.code == .authenticationFailed {
            return StoreError(.unauthenticated, error.message)
        }
        if error.sqlState == SQLState.insufficientPrivilege {
            // A grant or a row-security policy: the database itself refused this login the change.
            return .refused(Refusal(code: "not_permitted", message: "the database refused this login: \(error.message)"))
        }
        return StoreError(.failed, "database error: \(error)")
    }
}
