import Foundation
import PermitCore
import Postgres

/// Opens draft cases: checks what the person typed against the database, then writes the case and its first history row.
enum CaseIntake {
    static func open(_ request: NewCase, by actor: Actor, at now: Date, on connection: PostgresConnection) async throws -> CaseRecord {
        guard !request.destinations.isEmpty else {
            throw StoreError.invalid("destinations", "name at least one of HK, MO")
        }
        guard Set(request.destinations).count == request.destinations.count else {
            throw StoreError.invalid("destinations", "a destination is named twice")
        }
        let applicant = try await connection.query("""
            SELECT a.work_city,
                   (SELECT t.number FROM travel_documents t WHERE t.applicant_id = a.id ORDER BY t.recorded_seq DESC LIMIT 1) AS eep_number
              FROM applicants a WHERE a.id = \(request.applicantID)
            """)
        guard let row = applicant.first else {
            throw StoreError(.notFound, "applicant: no applicant has the id \(request.applicantID)", field: "applicant")
        }
        let workCity: String = try row.decode("work_city")
        let office = request.office ?? workCity
        let known = try await connection.query("SELECT 1 FROM cities WHERE key = \(office)")
        guard !known.isEmpty else {
            throw StoreError.invalid("office", "unknown city '\(office)'; `permit cities` lists the known ones")
        }
        guard let eepNumber = try row.decode("eep_number", as: String?.self) else {
            throw StoreError.invalid("applicant", "applicant \(request.applicantID) has no EEP recorded")
        }
        if let renewed = request.renewsEndorsement {
            let match = try await connection.query("""
                SELECT 1 FROM endorsements WHERE number = \(renewed) AND applicant_id = \(request.applicantID)
                """)
            guard !match.isEmpty else {
                throw StoreError.invalid("renews", "endorsement \(renewed) does not exist or is not this applicant's")
            }
        }
        let caseFile = CaseFile.draft(id: UUID(), applicantID: request.applicantID, category: request.category,
                                      destinations: request.destinations.sorted(), office: office,
                                      newEEPRequested: request.newEEPRequested, renewsEndorsement: request.renewsEndorsement)
        let snapshot = try CaseSnapshot.encode(caseFile)
        try await connection.query("""
            INSERT INTO applications (id, applicant_id, category, destinations, office, new_eep_requested, eep_number,
                                      renews_endorsement, state, version, workflow_version, snapshot, created_at, updated_at)
            VALUES (\(caseFile.id), \(request.applicantID), \(request.category.rawValue), \(caseFile.destinations.map(\.rawValue))::text[],
                    \(office), \(request.newEEPRequested), \(eepNumber), \(request.renewsEndorsement), 'draft', 1,
                    \(caseFile.workflowVersion), \(snapshot)::jsonb, \(now), \(now))
            """)
        try await CaseHistory.append([CaseHistory.Row(
            caseID: caseFile.id, seq: 1, from: nil, to: CaseState.draft.rawValue, event: "open", actor: actor.name,
            metadata: ["category": request.category.rawValue,
                       "destinations": caseFile.destinations.map(\.rawValue).joined(separator: ",")],
            at: now)], on: connection)
        return CaseRecord(caseFile: caseFile, version: 1, eepNumber: eepNumber, createdAt: now)
    }
}
