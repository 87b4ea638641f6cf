import Foundation
import PermitCore
import Postgres

/// The purpose recorded in the database (table `database_purpose`), as `permit database purpose` shows it.
public struct DatabasePurposeRecord: Sendable, Equatable, Codable {
    /// production, training or what_if.
    public let purpose: DatabasePurpose
    /// The operator's note.
    public let note: String
    /// The login that set it.
    public let changedBy: String
    /// When it was set.
    public let changedAt: Date
}

extension DatabasePurpose {
    /// The purpose recorded in the database (production when the row is missing).
    public static func current(on connection: PostgresConnection) async throws -> DatabasePurposeRecord {
        let rows = try await connection.query("SELECT purpose, note, changed_by, changed_at FROM database_purpose")
        guard let row = rows.first else {
            return DatabasePurposeRecord(purpose: .production, note: "no purpose recorded", changedBy: "", changedAt: Date(timeIntervalSince1970: 0))
        }
        let raw: String = try row.decode("purpose")
        return DatabasePurposeRecord(purpose: DatabasePurpose(rawValue: raw) ?? .production, note: try row.decode("note"),
                                     changedBy: try row.decode("changed_by"), changedAt: try row.decode("changed_at"))
    }

    /// The purpose recorded in the database, on a pooled connection.
    public static func current(pool: PostgresPool) async throws -> DatabasePurposeRecord {
        do {
            return try await pool.withConnection { try await current(on: $0) }
        } catch let error as PostgresError {
            throw StoreError.from(error)
        }
    }

    /// Records `purpose` (the operator's act: only the database's owner may change it).
    public static func record(_ purpose: DatabasePurpose, note: String?, pool: PostgresPool) async throws -> DatabasePurposeRecord {
        let note = try note.map { try TextField.validated($0, field: "note", maximum: 500) } ?? ""
        do {
            return try await pool.withTransaction { connection in
                try await connection.query("""
                    INSERT INTO database_purpose (singleton, purpose, note, changed_by, changed_at)
                    VALUES (true, \(purpose.rawValue), \(note), session_user, now())
                    ON CONFLICT (singleton) DO UPDATE
                       SET purpose = EXCLUDED.purpose, note = EXCLUDED.note, changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at
                    """)
                return try await current(on: connection)
            }
        } catch let error as PostgresError where error.sqlState == SQLState.insufficientPrivilege {
            throw StoreError.refused(Refusal(code: "operator_only",
                message: "only the database's owner (an operator) may change its purpose (\(error.message))"))
        } catch let error as PostgresError {
            throw StoreError.from(error)
        }
    }

    /// Refuses (`as_of_in_production`) acting at a chosen instant on a production database; the real clock,
    /// or an instant within a few minutes of it, always passes.
    public static func requireAllowed(_ time: ActingTime, now: Date = Date(), pool: PostgresPool) async throws {
        guard time.isChosen else { return }
        if let refusal = try await current(pool: pool).purpose.refusal(actingAt: time, now: now) {
            throw StoreError.refused(refusal)
        }
    }

    /// The refusal the database's own check (`acting_time_in_production`) stands for.
    static func databaseRefusal(_ error: PostgresError) -> Refusal {
        Refusal(code: refusalCode,
                message: "\(error.message); this database's purpose is production, where acts are recorded at the real time: "
                    + "act as of another instant on a training or what-if copy (see `permit database purpose --help`)")
    }

    /// The constraint name the database's check raises.
    static let databaseConstraint = "acting_time_in_production"
}
