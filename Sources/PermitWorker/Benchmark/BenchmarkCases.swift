import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// Makes cases ready for screening for the benchmark: one template case through the case door
/// (applicant, open, submit), then `count` copies of it (own applicant, EEP, history and queued jobs) in bulk SQL.
struct BenchmarkCases: Sendable {
    /// The instant every benchmark transition happens at: Monday 2 March 2026, 10:00 in Shanghai.
    static let now = ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!

    let pool: PostgresPool
    let cases: CaseRepository
    let template: UUID

    /// Adds the clerk, an employer and the template case; the template's own jobs are cancelled.
    static func prepare(pool: PostgresPool, logger: Logger) async throws -> BenchmarkCases {
        let clerk = try await pool.withConnection { try await StaffDirectory.recordWithoutLogin(name: "Bench Clerk", role: .clerk, on: $0) }
        let body = "91440300" + "000000042"
        let employer = try await EmployerRegistry.add(creditCode: body + String(CreditCode.checkCharacter(for: body)!),
                                                      name: "Bench Institute", city: "shenzhen", inHetaoPark: false, pool: pool)
        let idBody = "44030519850312000"
        let applicant = try await ApplicantRegistry.add(NewApplicant(
            nationalID: idBody + String(NationalID.checkCharacter(for: idBody)), name: "Bench Template",
            birthDate: CivilDate(year: 1985, month: 3, day: 12), workCity: "shenzhen", employerCode: employer.creditCode,
            eepNumber: "CT0000000", eepExpiresOn: CivilDate(year: 2034, month: 1, day: 1)), at: now, pool: pool)
        let cases = CaseRepository(pool: pool, logger: logger)
        let id = try await cases.open(NewCase(applicantID: applicant, category: .research, destinations: [.hongKong]),
                                      by: clerk, at: now).caseFile.id
        try await cases.apply(.submit, to: id, by: clerk, at: now)
        _ = try await pool.withConnection { connection in
            try await connection.query("UPDATE jobs SET state = 'cancelled' WHERE case_id = \(id) AND state = 'queued'")
        }
        return BenchmarkCases(pool: pool, cases: cases, template: id)
    }

    /// Copies the template `count` times under the letter `batch` (A, B, C or D); returns the new case ids.
    func clone(count: Int, batch: Character) async throws -> [UUID] {
        let prefix = batch == "A" ? "1" : batch == "B" ? "2" : batch == "D" ? "3" : "4"
        return try await pool.withTransaction { connection in
            try await connection.execute(simpleSQL: "DROP TABLE IF EXISTS bench_clone")
            try await connection.query("""
                CREATE TEMP TABLE bench_clone ON COMMIT DROP AS
                SELECT g, gen_random_uuid() AS applicant_id, gen_random_uuid() AS case_id,
                       \(String(batch)) || lpad(g::text, 8, '0') AS eep
                  FROM generate_series(1, \(count)) AS g
                """)
            try await connection.query("""
                INSERT INTO applicants (id, national_id, name, birth_date, work_city, employer_code)
                SELECT c.applicant_id, '440305198' || \(prefix) || lpad(c.g::text, 7, '0') || '0', 'Bench ' || c.g,
                       a.birth_date, a.work_city, a.employer_code
                  FROM bench_clone c, applicants a JOIN applications t ON t.applicant_id = a.id WHERE t.id = \(template)
                """)
            try await connection.query("""
                INSERT INTO travel_documents (number, applicant_id, expires_on)
                SELECT c.eep, c.applicant_id, d.expires_on
                  FROM bench_clone c, travel_documents d JOIN applications t ON t.eep_number = d.number WHERE t.id = \(template)
                """)
            try await connection.query("""
                INSERT INTO applications (id, applicant_id, category, destinations, office, new_eep_requested, eep_number, state,
                       version, workflow_version, policy_version, prepared_by, preparers, submitted_on, snapshot, created_at, updated_at)
                SELECT c.case_id, c.applicant_id, t.category, t.destinations, t.office, t.new_eep_requested, c.eep, t.state,
                       t.version, t.workflow_version, t.policy_version, t.prepared_by, t.preparers, t.submitted_on,
                       jsonb_set(jsonb_set(t.snapshot, '{id}', to_jsonb(upper(c.case_id::text))),
                                 '{applicantID}', to_jsonb(upper(c.applicant_id::text))),
                       t.created_at, t.updated_at
                  FROM bench_clone c, applications t WHERE t.id = \(template)
                """)
            try await connection.query("""
                INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, reason_code, note, metadata, at)
                SELECT c.case_id, h.seq, h.from_state, h.to_state, h.event, h.actor, h.reason_code, h.note, h.metadata, h.at
                  FROM bench_clone c, case_transitions h WHERE h.case_id = \(template)
                """)
            try await connection.query("""
                INSERT INTO jobs (kind, case_id, due_at, payload, max_attempts)
                SELECT j.kind, c.case_id, j.due_at, j.payload, j.max_attempts
                  FROM bench_clone c, jobs j WHERE j.case_id = \(template) ORDER BY c.g, j.id
                """)
            return try await connection.query("SELECT case_id FROM bench_clone ORDER BY g").map { try $0.decode("case_id", as: UUID.self) }
        }
    }
}
