import Foundation
import PermitCore
import Postgres

/// The database side of an import, a chunk at a time inside the import's one transaction: the chunk's valid rows go
/// into the temporary table `import_rows` by COPY, are checked against the database and against every row staged
/// before them (kept, narrow, in `import_seen`), and the rows that pass are written.
enum ImportStaging {
    /// Creates the session's staging tables (dropped at the end of the transaction).
    static func create(on connection: PostgresConnection) async throws {
        // The staging rows live in this session's temporary buffers: room for a large file keeps them off the disk
        // (settable only before the session's first temporary table, so a fresh connection's first import gets it).
        // Random page reads are costed as on a solid-state disk for the transaction: the foreign-key checks of every
        // written row are planned in it, and with the default cost those on small tables (cities, checked twice a row)
        // read the whole table (236 cities: about 13 µs a check more than an index lookup). Not enable_seqscan = off:
        // its huge cost penalty pushes the statements over jit_above_cost, and JIT compiling takes a second each.
        // JIT is off for the transaction: the chunk's check (its per-row lookups add up over jit_above_cost) spent
        // 60-75 ms of a chunk's ~100 ms compiling.
        try await connection.execute(simpleSQL: """
            DO $$ BEGIN
                PERFORM set_config('temp_buffers', '256MB', true);
            EXCEPTION WHEN OTHERS THEN NULL;
            END $$;
            SET LOCAL random_page_cost = 1.1;
            SET LOCAL jit = off;
            CREATE TEMP TABLE import_rows (
                line int, applicant_id uuid, case_id uuid, national_id text, name text, birth_date date, work_city text,
                employer_code text, eep_number text, eep_expires date, category text, destinations text, office text,
                new_eep boolean, workflow_version text, snapshot text
            ) ON COMMIT DROP;
            CREATE TEMP TABLE import_seen (line int, applicant_id uuid, national_id text, eep_number text) ON COMMIT DROP;
            CREATE INDEX ON import_seen (national_id, line);
            CREATE INDEX ON import_seen (eep_number, line)
            """)
    }

    /// Stages a chunk's valid rows (in `import_rows`, emptied first, and in `import_seen`) and checks them: refuses
    /// rows whose city or employer is unknown, whose national ID or EEP was registered before the import or repeats
    /// a row staged on an earlier line (in this chunk or an earlier one), or whose EEP ends before the birth date.
    /// The refused rows leave `import_rows`; their problems are returned.
    static func stage(_ chunk: StagingChunk, on connection: PostgresConnection) async throws -> [ImportProblem] {
        guard !chunk.staged.isEmpty else { return [] }
        try await connection.execute(simpleSQL: "TRUNCATE import_rows")
        _ = try await connection.copyIn("""
            COPY import_rows (line, applicant_id, case_id, national_id, name, birth_date, work_city, employer_code, eep_number,
                              eep_expires, category, destinations, office, new_eep, workflow_version, snapshot) FROM STDIN
            """, data: chunk.copyData)
        let results = try await connection.pipeline([
            "INSERT INTO import_seen (line, applicant_id, national_id, eep_number) SELECT line, applicant_id, national_id, eep_number FROM import_rows",
            checks,
        ])
        return try results[1].map { row in
            ImportProblem(line: try row.decode("line"), field: try row.decode("field"), message: try row.decode("message"))
        }
    }

    /// The chunk's problems, in the order the whole-file check listed them; the refused rows are deleted from
    /// `import_rows`. "Registered before the import" leaves out what earlier chunks wrote: a row of this import has
    /// the national ID (or EEP) and the applicant id of a staged row. Each lookup is a per-row subquery on a unique
    /// or staging index (scalar subqueries and `<> ALL` are never turned into joins), so that a chunk costs the
    /// same however many rows came before it.
    private static let checks: PostgresQuery = """
        WITH found AS (
            SELECT line, 'work_city' AS field, 'unknown city ''' || work_city || '''; `permit cities` lists them' AS message
              FROM import_rows r WHERE NOT EXISTS (SELECT 1 FROM cities c WHERE c.key = r.work_city)
            UNION ALL
            SELECT line, 'office', 'unknown city ''' || office || '''' FROM import_rows r
             WHERE r.office <> r.work_city AND NOT EXISTS (SELECT 1 FROM cities c WHERE c.key = r.office)
            UNION ALL
            SELECT line, 'employer', 'no employer is registered with credit code ' || employer_code FROM import_rows r
             WHERE NOT EXISTS (SELECT 1 FROM employers e WHERE e.credit_code = r.employer_code)
            UNION ALL
            SELECT line, 'national_id', 'an applicant with national ID ' || national_id || ' is already registered' FROM
                   (SELECT line, national_id, (SELECT a.id FROM applicants a WHERE a.national_id = r.national_id) AS holder
                      FROM import_rows r OFFSET 0) AS d
             WHERE holder IS NOT NULL AND holder <> ALL (SELECT s.applicant_id FROM import_seen s WHERE s.national_id = d.national_id)
            UNION ALL
            SELECT line, 'national_id', 'repeats line ' || first FROM
                   (SELECT line, (SELECT min(s.line) FROM import_seen s WHERE s.national_id = r.national_id) AS first
                      FROM import_rows r) AS d
             WHERE line > first
            UNION ALL
            SELECT line, 'eep_number', 'EEP ' || eep_number || ' is already recorded' FROM
                   (SELECT line, eep_number, (SELECT t.applicant_id FROM travel_documents t WHERE t.number = r.eep_number) AS holder
                      FROM import_rows r OFFSET 0) AS d
             WHERE holder IS NOT NULL AND holder <> ALL (SELECT s.applicant_id FROM import_seen s WHERE s.eep_number = d.eep_number)
            UNION ALL
            SELECT line, 'eep_number', 'repeats line ' || first FROM
                   (SELECT line, (SELECT min(s.line) FROM import_seen s WHERE s.eep_number = r.eep_number) AS first
                      FROM import_rows r) AS d
             WHERE line > first
            UNION ALL
            SELECT line, 'eep_expires', eep_expires::text || ' is before the birth date' FROM import_rows WHERE eep_expires <= birth_date
        ), refused AS (
            DELETE FROM import_rows r WHERE r.line IN (SELECT line FROM found)
        )
        SELECT line, field, message FROM found
        """

    /// Writes the rows left in `import_rows`: applicants, EEPs, draft cases and their first history rows, the same
    /// history row `case new` writes. (The inserts read the staging table as it lies, in file order as it was filled.)
    static func write(by actor: Actor, at now: Date, on connection: PostgresConnection) async throws {
        _ = try await connection.pipeline([
            """
            INSERT INTO applicants (id, national_id, name, birth_date, work_city, employer_code)
            SELECT applicant_id, national_id, name, birth_date, work_city, employer_code FROM import_rows
            """,
            """
            INSERT INTO travel_documents (number, applicant_id, expires_on, recorded_at)
            SELECT eep_number, applicant_id, eep_expires, \(now) FROM import_rows
            """,
            """
            INSERT INTO applications (id, applicant_id, category, destinations, office, new_eep_requested, eep_number, state, version,
                                      workflow_version, snapshot, created_at, updated_at)
            SELECT case_id, applicant_id, category, string_to_array(destinations, ','), office, new_eep, eep_number, 'draft', 1,
                   workflow_version, snapshot::jsonb, \(now), \(now)
              FROM import_rows
            """,
            """
            INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, metadata, at)
            SELECT case_id, 1, NULL, 'draft', 'open', \(actor.name),
                   jsonb_build_object('category', category, 'destinations', destinations, 'import_line', line::text), \(now)
              FROM import_rows
            """,
        ])
    }
}
