import Foundation
import PermitCore
import Postgres

/// Writes the endorsements of an approved case, one per destination, in the issuing transaction:
/// numbered, with the validity, stay limit and fee of the case's pinned policy, superseding an older active one.
enum EndorsementIssuer {
    static func issue(_ caseFile: CaseFile, eepNumber: String, facts: CaseFacts, policies: PolicyBook, at now: Date,
                      by actor: Actor, on connection: PostgresConnection) async throws {
        guard let version = caseFile.policyVersion, let policy = policies.version(version) else {
            throw StoreError(.notReady, "case \(caseFile.id) pinned policy \(caseFile.policyVersion ?? "none"), which is not loaded")
        }
        let issuedOn = CivilDate.today(in: policy.zone, now: now)
        guard let rule = policy.categories.first(where: { $0.category == caseFile.category }) else {
            throw StoreError(.notReady, "policy \(version) has no rule for the category \(caseFile.category.rawValue)")
        }
        let terms: [EndorsementTerms]
        switch EndorsementIssuance.terms(for: caseFile, issuedOn: issuedOn, facts: facts, policies: policies) {
        case .success(let result): terms = result
        case .failure(let refusal): throw StoreError.refused(refusal)
        }
        let eep = try await travelDocument(for: caseFile, opened: eepNumber, on: connection)
        for term in terms {
            let sequence = try await connection.query("SELECT nextval('endorsement_numbers') AS n")
            let serial: Int64 = try sequence.first!.decode("n")
            let number = "\(term.destination.rawValue)\(issuedOn.year)" + String(format: "%07lld", serial)
            try await supersede(applicant: caseFile.applicantID, destination: term.destination, by: number,
                                actor: actor, at: now, on: connection)
            let reminderDue = term.validUntil.adding(days: -policy.renewalReminderDays)
            try await connection.query("""
                INSERT INTO endorsements (number, case_id, applicant_id, destination, category, valid_from, valid_until,
                    validity_years, max_stay_days, fee_cny, policy_version, eep_number, eep_expires_on, status, issued_at,
                    reminder_due_on)
                VALUES (\(number), \(caseFile.id), \(caseFile.applicantID), \(term.destination.rawValue),
                    \(caseFile.category.rawValue), \(term.validFrom.postgres), \(term.validUntil.postgres),
                    \(rule.validityYears), \(term.maxStayDays), \(term.feeCNY), \(version), \(eep.number),
                    \(eep.expiresOn.postgres), 'active', \(now), \(reminderDue.postgres))
                """)
            try await EndorsementHistory.append(number: number, from: nil, to: .active, actor: actor.name,
                                                reasonCode: nil, note: "issued for case \(caseFile.id)", at: now, on: connection)
        }
    }

    /// The EEP the endorsements go on: the new one when the application asked for it, else the one it was opened with.
    private static func travelDocument(for caseFile: CaseFile, opened eepNumber: String,
                                       on connection: PostgresConnection) async throws -> (number: String, expiresOn: CivilDate) {
        let rows: PostgresRows
        if caseFile.newEEPRequested {
            rows = try await connection.query("""
                SELECT t.number, t.expires_on FROM travel_documents t
                  JOIN applications a ON a.id = \(caseFile.id) JOIN travel_documents cur ON cur.number = a.eep_number
                 WHERE t.applicant_id = a.applicant_id AND t.recorded_seq > cur.recorded_seq
                 ORDER BY t.recorded_seq DESC LIMIT 1
                """)
        } else {
            rows = try await connection.query("SELECT number, expires_on FROM travel_documents WHERE number = \(eepNumber)")
        }
        guard let row = rows.first else {
            throw StoreError.refused(Refusal(code: "awaiting_new_eep",
                message: "the application asked for a new EEP and none is recorded yet"))
        }
        return (try row.decode("number"), CivilDate(try row.decode("expires_on", as: PostgresDate.self)))
    }

    private static func supersede(applicant: UUID, destination: Destination, by number: String, actor: Actor, at now: Date,
                                  on connection: PostgresConnection) async throws {
        let older = try await connection.query("""
            UPDATE endorsements SET status = 'superseded', superseded_by = \(number), status_changed_at = \(now)
             WHERE applicant_id = \(applicant) AND destination = \(destination.rawValue) AND status = 'active'
            RETURNING number
            """)
        for row in older {
            try await EndorsementHistory.append(number: try row.decode("number"), from: .active, to: .superseded,
                                                actor: actor.name, reasonCode: nil, note: "superseded by \(number)",
                                                at: now, on: connection)
        }
    }
}

/// The append-only history of endorsements.
enum EndorsementHistory {
    static func append(number: String, from: EndorsementStatus?, to: EndorsementStatus, actor: String, reasonCode: String?,
                       note: String?, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO endorsement_events (number, seq, from_status, to_status, actor, reason_code, note, at)
            SELECT \(number), coalesce(max(seq), 0) + 1, \(from?.rawValue), \(to.rawValue), \(actor), \(reasonCode), \(note), \(now)
              FROM endorsement_events WHERE number = \(number)
            """)
    }
}
