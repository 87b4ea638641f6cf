import Foundation
import PermitCore
import Postgres

/// An endorsement as people and scripts read it.
public struct EndorsementSummary: Sendable, Equatable, Codable {
    /// The endorsement number, e.g. HK20260000001.
    public let number: String
    /// The case that issued it.
    public let caseId: UUID
    /// The holder.
    public let applicantId: UUID
    /// HK or MO.
    public let destination: String
    /// The talent category.
    public let category: String
    /// First and last valid day (YYYY-MM-DD).
    public let validFrom: String, validUntil: String
    /// The longest single stay.
    public let maxStayDays: Int
    /// The fee charged.
    public let feeCny: Int
    /// active, expired, void, revoked or superseded.
    public let status: String
    /// The reason code of a revocation.
    public let reasonCode: String?
    /// The policy version its terms come from.
    public let policyVersion: String
    /// The EEP it is on.
    public let eepNumber: String
    /// The reason code of an open revocation review, if one awaits a supervisor.
    public let openReview: String?
}

/// Read-only questions about endorsements.
public enum EndorsementQueries {
    /// Endorsements, newest first; only one applicant's when `applicant` is given.
    public static func list(applicant: UUID?, limit: Int = 200, pool: PostgresPool) async throws -> [EndorsementSummary] {
        try await pool.withConnection { connection in
            if let applicant { try await ParkRegistry.requireApplicant(applicant, on: connection) }
            return try await query(applicant: applicant, caseID: nil, limit: limit, on: connection)
        }
    }

    private static func query(applicant: UUID?, caseID: UUID?, limit: Int, on connection: PostgresConnection) async throws -> [EndorsementSummary] {
        try summaries(from: try await connection.query(query(applicant: applicant, caseID: caseID, limit: limit)))
    }

    /// The statement listing endorsements: only the conditions asked for, so that a prepared (generic) plan still
    /// looks up one case's or one applicant's endorsements by index.
    static func query(applicant: UUID?, caseID: UUID?, limit: Int) -> PostgresQuery {
        var condition = ""
        var binds: [String?] = []
        if let applicant {
            binds.append(applicant.postgresText)
            condition += " AND e.applicant_id = $\(binds.count)"
        }
        if let caseID {
            binds.append(caseID.postgresText)
            condition += " AND e.case_id = $\(binds.count)"
        }
        binds.append(String(limit))
        return PostgresQuery(unsafeSQL: """
            SELECT e.number, e.case_id, e.applicant_id, e.destination, e.category, e.valid_from::text AS valid_from,
                   e.valid_until::text AS valid_until, e.max_stay_days, e.fee_cny, e.status, e.reason_code, e.policy_version,
                   e.eep_number,
                   (SELECT r.reason_code FROM revocation_reviews r WHERE r.number = e.number AND r.outcome IS NULL) AS open_review
              FROM endorsements e
             WHERE true\(condition)
             ORDER BY e.issued_at DESC, e.number LIMIT $\(binds.count)
            """, binds: binds)
    }

    /// The endorsements in the result of `query`.
    static func summaries(from rows: PostgresRows) throws -> [EndorsementSummary] {
        try rows.map { row in
            EndorsementSummary(
                number: try row.decode("number"), caseId: try row.decode("case_id"), applicantId: try row.decode("applicant_id"),
                destination: try row.decode("destination"), category: try row.decode("category"),
                validFrom: try row.decode("valid_from"), validUntil: try row.decode("valid_until"),
                maxStayDays: try row.decode("max_stay_days"), feeCny: try row.decode("fee_cny"), status: try row.decode("status"),
                reasonCode: try row.decode("reason_code", as: String?.self), policyVersion: try row.decode("policy_version"),
                eepNumber: try row.decode("eep_number"), openReview: try row.decode("open_review", as: String?.self))
        }
    }
}
