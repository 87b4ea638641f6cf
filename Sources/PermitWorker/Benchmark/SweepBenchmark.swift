import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// Bulk endorsements for the sweep benchmark: half past their last valid day (expire), half due a renewal
/// reminder (recorded in their case's history), each on its own issued case. Round r sweeps the day
/// 2026-03-02 + r over endorsements loaded for it; earlier rounds' leftovers are active but due nothing.
enum SweepBenchmark {
    /// The day round `round` sweeps.
    static func day(round: Int) -> CivilDate {
        CivilDate(year: 2026, month: 3, day: 2).adding(days: round)
    }

    /// Loads `count` endorsements for `round` on a fresh connection of its own, then vacuums (swept
    /// endorsements are months old: a freshly loaded table would make the sweep pay for the load's first visit).
    static func load(count: Int, round: Int, templateCase: UUID, configuration: PostgresConfiguration, logger: Logger) async throws {
        let loader = try await PostgresConnection.connect(configuration, logger: logger)
        do {
            try await populate(count: count, round: round, templateCase: templateCase, on: loader)
            try await loader.execute(simpleSQL: "VACUUM (ANALYZE)")
            await loader.close()
        } catch {
            await loader.close()
            throw error
        }
    }

    /// Inserts `count` endorsements (with applicants, EEPs, issued cases and their history row) in bulk.
    ///
    /// Run it on a fresh connection: the foreign-key checks of a connection that already used them while the
    /// tables were small may keep a cached sequential-scan plan, which turns a bulk insert quadratic.
    static func populate(count: Int, round: Int, templateCase: UUID, on connection: PostgresConnection) async throws {
        let day = day(round: round)
        let letter = String(UnicodeScalar(UInt8(ascii: "B") + UInt8(round % 20)))   // numbers, EEPs and IDs differ per round
        try await connection.query("""
            CREATE TEMP TABLE bench_issued AS
            SELECT g, gen_random_uuid() AS applicant_id, gen_random_uuid() AS case_id, \(letter) || lpad(g::text, 9, '0') AS eep
              FROM generate_series(1, \(count)) AS g
            """)
        try await connection.transaction { connection in
            try await connection.query("""
                INSERT INTO applicants (id, national_id, name, birth_date, work_city, employer_code)
                SELECT c.applicant_id, '440305' || (1960 + \(round))::text || lpad(c.g::text, 7, '0') || '0', 'Holder ' || c.g, a.birth_date, a.work_city,
                       a.employer_code
                  FROM bench_issued c, applicants a JOIN applications t ON t.applicant_id = a.id WHERE t.id = \(templateCase)
                """)
            try await connection.query("""
                INSERT INTO travel_documents (number, applicant_id, expires_on)
                SELECT eep, applicant_id, DATE '2034-01-01' FROM bench_issued
                """)
        }
        // Fresh statistics before the foreign-key checks of the next inserts plan their lookups.
        try await connection.execute(simpleSQL: "ANALYZE applicants, travel_documents")
        try await connection.transaction { connection in
            try await connection.query("""
                INSERT INTO applications (id, applicant_id, category, destinations, office, eep_number, state, version,
                       workflow_version, policy_version, snapshot)
                SELECT c.case_id, c.applicant_id, 'legal', ARRAY['HK'], t.office, c.eep, 'issued', 1, t.workflow_version,
                       t.policy_version, '{}'::jsonb
                  FROM bench_issued c, applications t WHERE t.id = \(templateCase)
                """)
            try await connection.execute(simpleSQL: "ANALYZE applications")
            try await connection.query("""
                INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, at)
                SELECT case_id, 1, NULL, 'issued', 'issue', 'system', now() FROM bench_issued
                """)
            try await connection.query("""
                INSERT INTO endorsements (number, case_id, applicant_id, destination, category, valid_from, valid_until,
                       validity_years, max_stay_days, fee_cny, policy_version, eep_number, eep_expires_on, status, issued_at,
                       reminder_due_on, reminder_sent_on)
                SELECT 'HK' || \(letter) || lpad(c.g::text, 9, '0'), c.case_id, c.applicant_id, 'HK', 'legal',
                       CASE WHEN c.g % 2 = 0 THEN d - 365 ELSE DATE '2025-06-01' END,
                       CASE WHEN c.g % 2 = 0 THEN d - 1 ELSE DATE '2026-05-31' END,
                       1, 30, 80, t.policy_version, c.eep, DATE '2034-01-01', 'active', now(),
                       CASE WHEN c.g % 2 = 0 THEN d - 91 ELSE d END,
                       CASE WHEN c.g % 2 = 0 THEN d - 91 END
                  FROM bench_issued c, applications t, (SELECT \(day.postgres)::date AS d) AS swept WHERE t.id = \(templateCase)
                """)
        }
        try await connection.execute(simpleSQL: "DROP TABLE bench_issued")
    }

    /// Runs round `round`'s sweeps as a worker does (`DailySweep`); returns the report.
    static func sweep(round: Int, at now: Date, pool: PostgresPool, logger: Logger) async throws -> SweepReport {
        let day = day(round: round)
        guard let report = try await DailySweep.runIfDue(day: day, at: now, pool: pool, logger: logger) else {
            throw JobFailure("benchmark check failed: the sweep of \(day) had already run")
        }
        return report
    }
}
