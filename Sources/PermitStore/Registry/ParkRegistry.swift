import Foundation
import PermitCore
import Postgres

/// The Hetao Shenzhen Park registrations and the official reference lists that screening looks up.
public enum ParkRegistry {
    /// Registers an applicant with a park employer (active from `day`).
    public static func register(applicant: UUID, employer: String, on day: CivilDate, pool: PostgresPool) async throws {
        try await StoreTransaction.run(on: pool) { connection in
            try await requireApplicant(applicant, on: connection)
            let rows = try await connection.query("SELECT in_hetao_park FROM employers WHERE credit_code = \(employer.uppercased())")
            guard let row = rows.first else {
                throw StoreError.invalid("employer", "no employer is registered with credit code \(employer)")
            }
            guard try row.decode("in_hetao_park", as: Bool.self) else {
                throw StoreError.refused(Refusal(code: "employer_not_in_park",
                    message: "employer \(employer) is not in the Hetao Shenzhen Park; only park employers file registrations"))
            }
            let inserted = try await connection.query("""
                INSERT INTO hetao_registrations (applicant_id, employer_code, status, registered_on)
                VALUES (\(applicant), \(employer.uppercased()), 'active', \(day.postgres)) ON CONFLICT DO NOTHING
                """)
            guard inserted.affectedRows == 1 else {
                throw StoreError.invalid("applicant", "applicant \(applicant) already has an active registration with \(employer)")
            }
        }
    }

    /// Cancels an active registration (from `day`, acting at `now`). In the same transaction, each of the holder's
    /// active Hetao endorsements that no active registration supports any more gets a supervisor's revocation review
    /// (recorded in its case's history); returns how many were opened.
    @discardableResult
    public static func cancel(applicant: UUID, employer: String, on day: CivilDate, at now: Date, pool: PostgresPool) async throws -> Int {
        try await StoreTransaction.run(on: pool) { connection in
            try await requireApplicant(applicant, on: connection)
            let updated = try await connection.query("""
                UPDATE hetao_registrations SET status = 'cancelled', cancelled_on = greatest(\(day.postgres), registered_on)
                 WHERE applicant_id = \(applicant) AND employer_code = \(employer.uppercased()) AND status = 'active'
                """)
            guard updated.affectedRows == 1 else {
                throw StoreError.invalid("applicant", "applicant \(applicant) has no active registration with \(employer)")
            }
            return try await EndorsementSweeps.openRevocationReviews(at: now, holder: applicant, on: connection)
        }
    }

    /// The official lists an applicant can be put on.
    public enum List: String, Sendable, CaseIterable {
        /// Talent recommendation lists (outstanding talent).
        case outstanding
        /// Arbitrators in Hong Kong and Macao arbitrations.
        case arbitrators
        /// Mediators in cross-boundary disputes.
        case mediators
    }

    /// Puts an applicant on a list (from `day`).
    public static func addToList(_ list: List, applicant: UUID, on day: CivilDate, pool: PostgresPool) async throws {
        try await StoreTransaction.run(on: pool) { connection in
            try await requireApplicant(applicant, on: connection)
            let inserted = try await connection.query("""
                INSERT INTO list_entries (list, applicant_id, added_on) VALUES (\(list.rawValue), \(applicant), \(day.postgres))
                ON CONFLICT DO NOTHING
                """)
            guard inserted.affectedRows == 1 else {
                throw StoreError.invalid("applicant", "applicant \(applicant) is already on the \(list.rawValue) list")
            }
        }
    }

    /// Takes an applicant off a list.
    public static func removeFromList(_ list: List, applicant: UUID, pool: PostgresPool) async throws {
        try await StoreTransaction.run(on: pool) { connection in
            try await requireApplicant(applicant, on: connection)
            let deleted = try await connection.query("""
                DELETE FROM list_entries WHERE list = \(list.rawValue) AND applicant_id = \(applicant)
                """)
            guard deleted.affectedRows == 1 else {
                throw StoreError.invalid("applicant", "applicant \(applicant) is not on the \(list.rawValue) list")
            }
        }
    }

    static func requireApplicant(_ id: UUID, on connection: PostgresConnection) async throws {
        guard try await !connection.query("SELECT 1 FROM applicants WHERE id = \(id)").isEmpty else {
            throw StoreError(.notFound, "applicant: no applicant has the id \(id)", field: "applicant")
        }
    }
}
