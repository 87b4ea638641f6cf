import Foundation
import PermitCore
import Postgres

/// Looks up, for one case, the facts PermitCore's guards need: the applicant's place of work, EEPs (a new EEP is
/// one recorded after the case's own, in recording order), list entries, the Hetao registration, and the
/// applicant's other open cases and active endorsements.
public enum CaseFactsLookup {
    /// Reads and decodes the facts of case `caseID`.
    static func facts(for caseID: UUID, on connection: PostgresConnection) async throws -> CaseFacts {
        try facts(from: try await connection.query(query(for: caseID)), caseID: caseID)
    }

    /// The facts in the result of `query(for:)`.
    static func facts(from rows: PostgresRows, caseID: UUID) throws -> CaseFacts {
        guard let row = rows.first else { throw StoreError(.notFound, "no case \(caseID)") }
        return try facts(from: row)
    }

    /// The one statement that reads them (also issued by the benchmark's hand-written baseline).
    public static func query(for caseID: UUID) -> PostgresQuery {
        """
            SELECT a.work_city, e.in_hetao_park, cur.expires_on AS eep_expires_on,
                   (SELECT t.expires_on FROM travel_documents t
                     WHERE t.applicant_id = a.id AND t.recorded_seq > cur.recorded_seq
                     ORDER BY t.recorded_seq DESC LIMIT 1) AS new_eep_expires_on,
                   EXISTS (SELECT 1 FROM list_entries l WHERE l.applicant_id = a.id AND l.list = 'outstanding') AS on_recommendation,
                   EXISTS (SELECT 1 FROM list_entries l WHERE l.applicant_id = a.id AND l.list = 'arbitrators') AS on_arbitrators,
                   EXISTS (SELECT 1 FROM list_entries l WHERE l.applicant_id = a.id AND l.list = 'mediators') AS on_mediators,
                   EXISTS (SELECT 1 FROM hetao_registrations h
                            WHERE h.applicant_id = a.id AND h.employer_code = a.employer_code AND h.status = 'active') AS hetao_active,
                   coalesce((SELECT string_agg(DISTINCT d, ',') FROM applications o, unnest(o.destinations) AS d
                     WHERE o.applicant_id = a.id AND o.id <> app.id
                       AND o.state NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed')), '') AS other_open,
                   coalesce((SELECT string_agg(DISTINCT en.destination, ',') FROM endorsements en
                     WHERE en.applicant_id = a.id AND en.status = 'active'), '') AS active_destinations
              FROM applications app
              JOIN applicants a ON a.id = app.applicant_id
              JOIN employers e ON e.credit_code = a.employer_code
              JOIN travel_documents cur ON cur.number = app.eep_number
             WHERE app.id = \(caseID)
            """
    }

    private static func facts(from row: PostgresRow) throws -> CaseFacts {
        CaseFacts(
            applicantWorkCity: try row.decode("work_city"),
            applicantEmployerInHetaoPark: try row.decode("in_hetao_park"),
            eepExpiresOn: CivilDate(try row.decode("eep_expires_on", as: PostgresDate.self)),
            newEEPExpiresOn: try row.decode("new_eep_expires_on", as: PostgresDate?.self).map(CivilDate.init),
            onRecommendationList: try row.decode("on_recommendation"),
            onArbitratorList: try row.decode("on_arbitrators"),
            onMediatorList: try row.decode("on_mediators"),
            hetaoRegistrationActive: try row.decode("hetao_active"),
            otherOpenCaseDestinations: destinations(try row.decode("other_open")),
            activeEndorsementDestinations: destinations(try row.decode("active_destinations"))
        )
    }

    static func destinations(_ list: String) -> Set<Destination> {
        Set(list.split(separator: ",").compactMap { Destination(rawValue: String($0)) })
    }
}
