import Foundation
import PermitCore
import PermitStore
import Postgres

/// A failure a command reports to people: a message and the exit status it ends with.
struct CommandFailure: Error, CustomStringConvertible {
    /// The exit status.
    var status: ExitStatus
    /// What was wrong and what to do.
    var message: String

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { message }

    /// Classifies any error thrown below the CLI into a message and an exit status.
    ///
    /// A missing `--as` is bad usage (2) wherever it is found, in the CLI or below it.
    static func from(_ error: Error) -> CommandFailure {
        switch error {
        case let failure as CommandFailure:
            return failure
        case let refusal as Refusal where refusal.code == "actor_required":
            return CommandFailure(.badInput, "--as: \(refusal.message)")
        case let refusal as Refusal:
            return CommandFailure(.refused, "refused (\(refusal.code)): \(refusal.message)")
        case let failure as StoreError where failure.refusal?.code == "actor_required":
            return CommandFailure(.badInput, "--as: \(failure.refusal?.message ?? failure.message)")
        case let failure as StoreError:
            return CommandFailure(failure.exitStatus, failure.message)
        case let migration as MigrationError:
            return CommandFailure(migration.code == .failed ? .failure : .refused, migration.message)
        case let postgres as PostgresError where postgres.code == .connectionFailed || postgres.isConnectionLost:
            let message = postgres.message.hasPrefix("the database cannot be reached")
                ? postgres.message : "the database cannot be reached: \(postgres.message)"
            return CommandFailure(.unreachable, message)
        case let postgres as PostgresError where postgres.sqlState == SQLState.undefinedTable:
            return CommandFailure(.failure, "the database has no PermitFlow schema yet (\(postgres.message)): run `permit migrate` and `permit seed` first")
        case let postgres as PostgresError:
            return CommandFailure(.failure, "database error: \(postgres)")
        default:
            return CommandFailure(.failure, "\(error)")
        }
    }
}

extension StoreError {
    /// The exit status this store failure ends a command with.
    var exitStatus: ExitStatus {
        switch code {
        case .refused: return .refused
        case .conflict: return .conflict
        case .unavailable: return .unreachable
        case .notFound, .invalidInput: return .badInput
        default: return .failure
        }
    }
}
