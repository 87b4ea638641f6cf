import Foundation
import PermitCore
import Postgres

/// A supervisor's revocation of an active endorsement, or the decision to keep it after a revocation review.
///
/// The supervisor is the session's login; the database allows only supervisors (grants and row security) to
/// revoke, only an active endorsement, and records the revocation in the endorsement's hash-chained history.
public enum EndorsementRevocation {
    /// Revokes the active endorsement `number` with a reason code, closing any open review as revoked.
    public static func revoke(_ number: String, reason: String, note: String?, at now: Date, pool: PostgresPool) async throws {
        let reasonCode = try ReasonCode.validated(reason)
        let note = try note.map { try TextField.validated($0, field: "note", maximum: 2000) }
        try await StoreTransaction.run(on: pool) { connection in
            let actor = try await StaffAuthorization.require(.revokeEndorsement, on: connection)
            let status = try await currentStatus(of: number, on: connection)
            guard status == EndorsementStatus.active.rawValue else { throw notActive(number, status) }
            let revoked = try await connection.query("""
                UPDATE endorsements SET status = 'revoked', reason_code = \(reasonCode), status_changed_at = \(now)
                 WHERE number = \(number) AND status = 'active'
                """)
            guard revoked.affectedRows == 1 else { throw notActive(number, "no longer active") }
            try await EndorsementHistory.append(number: number, from: .active, to: .revoked, actor: actor.name,
                                                reasonCode: reasonCode, note: note, at: now, on: connection)
            try await connection.query("""
                UPDATE revocation_reviews SET outcome = 'revoked', decided_by = \(actor.name), decided_at = \(now)
                 WHERE number = \(number) AND outcome IS NULL
                """)
        }
    }

    /// Closes the open revocation review of `number` by keeping the endorsement.
    public static func keep(_ number: String, at now: Date, pool: PostgresPool) async throws {
        try await StoreTransaction.run(on: pool) { connection in
            let actor = try await StaffAuthorization.require(.revokeEndorsement, on: connection)
            let status = try await currentStatus(of: number, on: connection)
            let closed = try await connection.query("""
                UPDATE revocation_reviews SET outcome = 'kept', decided_by = \(actor.name), decided_at = \(now)
                 WHERE number = \(number) AND outcome IS NULL
                """)
            guard closed.affectedRows == 1 else {
                throw StoreError.refused(Refusal(code: "no_open_review",
                    message: "endorsement \(number) (\(status)) has no open revocation review to close"))
            }
        }
    }

    /// The endorsement's status (the change itself re-checks it, so no lock is taken here).
    private static func currentStatus(of number: String, on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query("SELECT status FROM endorsements WHERE number = \(number)")
        guard let row = rows.first else {
            throw StoreError(.notFound, "endorsement: no endorsement has the number \(number)", field: "endorsement")
        }
        return try row.decode("status")
    }

    private static func notActive(_ number: String, _ status: String) -> StoreError {
        StoreError.refused(Refusal(code: "endorsement_not_active",
            message: "endorsement \(number) is \(status); only an active endorsement can be revoked"))
    }
}

/// Reason codes typed by people: snake_case, 2 to 40 characters.
enum ReasonCode {
    static func validated(_ text: String) throws -> String {
        let valid = (2...40).contains(text.count) && text.first?.isLetter == true
            && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        guard valid else {
            throw StoreError.invalid("reason", "must be a snake_case code of 2 to 40 characters, e.g. registration_cancelled")
        }
        return text
    }
}
