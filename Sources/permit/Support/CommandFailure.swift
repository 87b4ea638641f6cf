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
    static func from(_ error: Error) -> CommandFailure {
        switch error {
        case let failure as CommandFailure:
            return failure
        case let refusal as Refusal:
            return CommandFailure(.refused, "refused (\(refusal.code)): \(refusal.message)")
        case let failure as StoreError where failure.code == .unauthenticated:
            return failure.field == "password" ? passwordMissing(failure.message) : loginRefused(failure.message)
        case let failure as StoreError:
            return CommandFailure(failure.exitStatus, failure.message)
        case let migration as MigrationError:
            return CommandFailure(migration.code == .failed ? .failure : .refused, migration.message)
        case let postgres as PostgresError where postgres.code == .passwordRequired:
            return passwordMissing(postgres.message)
        case let postgres as PostgresError where postgres.code == .authenticationFailed:
            return loginRefused(postgres.message)
        case let postgres as PostgresError where postgres.code == .connectionFailed || postgres.isConnectionLost:
            let message = postgres.message.hasPrefix("the database cannot be reached")
                ? postgres.message : "the database cannot be reached: \(postgres.message)"
            return CommandFailure(.unreachable, message)
        case let postgres as PostgresError where postgres.sqlState == SQLState.insufficientPrivilege:
            return CommandFailure(.refused, "refused (not_permitted): the database refused this login: \(postgres.message)")
        case let postgres as PostgresError where postgres.sqlState == SQLState.undefinedTable:
            return CommandFailure(.failure, "the database has no PermitFlow schema yet (\(postgres.message)): run `permit migrate` and `permit seed` first")
        case let postgres as PostgresError:
            return CommandFailure(.failure, "database error: \(postgres)")
        default:
            return CommandFailure(.failure, "\(error)")
        }
    }
}

extension CommandFailure {
    /// The server wants a password and none was given.
    static func passwordMissing(_ message: String) -> CommandFailure {
        CommandFailure(.badInput, "PGPASSWORD: \(message): set PGPASSWORD, keep it in ~/.pgpass, or run from a terminal to be asked")
    }

    /// The server refused the login.
    static func loginRefused(_ message: String) -> CommandFailure {
        CommandFailure(.refused, "refused (login_refused): \(message). Check PGUSER and the password; a one-time password "
                       + "works for 3 days, after which a supervisor gives a new one (`permit staff reset LOGIN`)")
    }
}

extension StoreError {
    /// The exit status this store failure ends a command with.
    var exitStatus: ExitStatus {
        switch code {
        case .refused: return .refused
        case .conflict: return .conflict
        case .unavailable: return .unreachable
        case .unauthenticated: return .refused
        case .notFound, .invalidInput: return .badInput
        default: return .failure
        }
    }
}
