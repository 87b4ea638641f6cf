import Foundation
import PermitCore
import Postgres

/// What an import did.
public struct CaseImportReport: Sendable, Equatable, Codable {
    /// Data rows in the file.
    public var rows = 0
    /// Draft cases opened (0 when anything was refused without --accept-valid).
    public var imported = 0
    /// Every bad row, with its line number.
    public var problems: [ImportProblem] = []
    /// The ids of the cases opened, in file order.
    public var caseIds: [UUID] = []
}

/// Bulk intake from CSV: each row registers a new applicant with their EEP and opens a draft case for them.
///
/// Every row is checked first (cells, then against the database: cities, employers, national IDs and EEPs already
/// registered or repeated in the file). With any bad row nothing is written unless `acceptValid`; then the valid
/// rows go in through COPY and set-based inserts, all in one transaction, with the same history row `case new` writes.
public enum CaseImport {
    /// The columns a file must have.
    public static var requiredColumns: [String] { CaseImportRow.requiredColumns }
    /// The columns a file may have.
    public static var optionalColumns: [String] { CaseImportRow.optionalColumns }

    /// Imports `data` (CSV) as the session's login; `progress(phase, done, total)` is called as rows are checked and written.
    public static func run(_ data: Data, acceptValid: Bool, at now: Date, pool: PostgresPool,
                           progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }) async throws -> CaseImportReport {
        let table: CSVTable
        do { table = try CSVTable.parse(data) } catch { throw StoreError.invalid("csv", error.description) }
        var columns: [String: Int] = [:]
        for (index, name) in table.header.enumerated() {
            guard columns[name] == nil else { throw StoreError.invalid("csv", "line 1: the column \(name) appears twice") }
            columns[name] = index
        }
        let missing = CaseImportRow.requiredColumns.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw StoreError.invalid("csv", "line 1: missing columns \(missing.joined(separator: ", ")); required: "
                + CaseImportRow.requiredColumns.joined(separator: ","))
        }
        let unknown = table.header.filter { !CaseImportRow.requiredColumns.contains($0) && !CaseImportRow.optionalColumns.contains($0) }
        guard unknown.isEmpty else { throw StoreError.invalid("csv", "line 1: unknown columns \(unknown.joined(separator: ", "))") }
        guard !table.rows.isEmpty else { throw StoreError.invalid("csv", "the file has a header but no rows") }

        let today = CivilDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: now)
        var report = CaseImportReport(rows: table.rows.count)
        var valid: [CaseImportRow] = []
        for (index, row) in table.rows.enumerated() {
            switch CaseImportRow.validate(row, columns: columns, today: today) {
            case .valid(let parsed): valid.append(parsed)
            case .invalid(let problems): report.problems += problems
            }
            if index % 500 == 499 || index == table.rows.count - 1 { progress("checking", index + 1, table.rows.count) }
        }
        let checked = valid
        let preliminary = report
        return try await StoreTransaction.run(on: pool) { connection in
            var report = preliminary
            let actor = try await StaffAuthorization.require(.importCases, on: connection)
            let (rows, problems) = try await checkAgainstDatabase(checked, on: connection)
            report.problems = (report.problems + problems).sorted { ($0.line, $0.field) < ($1.line, $1.field) }
            guard report.problems.isEmpty || acceptValid, !rows.isEmpty else { return report }
            try await write(rows, by: actor, at: now, on: connection, progress: progress)
            report.imported = rows.count
            report.caseIds = rows.map(\.caseID)
            return report
        }
    }

    /// Refuses rows whose city or employer is unknown, or whose national ID or EEP is taken (in the database or the file).
    private static func checkAgainstDatabase(_ rows: [CaseImportRow], on connection: PostgresConnection) async throws
        -> ([CaseImportRow], [ImportProblem]) {
        let cities = Set(try await connection.query("SELECT key FROM cities").map { try $0.decode("key", as: String.self) })
        let employers = Set(try await connection.query("""
            SELECT credit_code FROM employers WHERE credit_code = ANY(\(Array(Set(rows.map(\.employerCode))))::text[])
            """).map { try $0.decode("credit_code", as: String.self) })
        let takenIDs = Set(try await connection.query("""
            SELECT national_id FROM applicants WHERE national_id = ANY(\(rows.map(\.nationalID))::text[])
            """).map { try $0.decode("national_id", as: String.self) })
        let takenEEPs = Set(try await connection.query("""
            SELECT number FROM travel_documents WHERE number = ANY(\(rows.map(\.eepNumber))::text[])
            """).map { try $0.decode("number", as: String.self) })
        var seenIDs: [String: Int] = [:], seenEEPs: [String: Int] = [:]
        var accepted: [CaseImportRow] = []
        var problems: [ImportProblem] = []
        for row in rows {
            var rowProblems: [ImportProblem] = []
            func problem(_ field: String, _ message: String) { rowProblems.append(ImportProblem(line: row.line, field: field, message: message)) }
            if !cities.contains(row.workCity) { problem("work_city", "unknown city '\(row.workCity)'; `permit cities` lists them") }
            if row.office != row.workCity && !cities.contains(row.office) { problem("office", "unknown city '\(row.office)'") }
            if !employers.contains(row.employerCode) { problem("employer", "no employer is registered with credit code \(row.employerCode)") }
            if takenIDs.contains(row.nationalID) { problem("national_id", "an applicant with national ID \(row.nationalID) is already registered") }
            if let first = seenIDs[row.nationalID] { problem("national_id", "repeats line \(first)") }
            if takenEEPs.contains(row.eepNumber) { problem("eep_number", "EEP \(row.eepNumber) is already recorded") }
            if let first = seenEEPs[row.eepNumber] { problem("eep_number", "repeats line \(first)") }
            if row.eepExpires <= row.birthDate { problem("eep_expires", "\(row.eepExpires) is before the birth date") }
            seenIDs[row.nationalID] = seenIDs[row.nationalID] ?? row.line
            seenEEPs[row.eepNumber] = seenEEPs[row.eepNumber] ?? row.line
            if rowProblems.isEmpty { accepted.append(row) } else { problems += rowProblems }
        }
        return (accepted, problems)
    }

    /// COPYs the rows into a staging table, then writes applicants, EEPs, draft cases and their first history rows.
    private static func write(_ rows: [CaseImportRow], by actor: Actor, at now: Date, on connection: PostgresConnection,
                              progress: @Sendable (String, Int, Int) -> Void) async throws {
        try await connection.execute(simpleSQL: """
            CREATE TEMP TABLE import_rows (
                line int, applicant_id uuid, case_id uuid, national_id text, name text, birth_date date, work_city text,
                employer_code text, eep_number text, eep_expires date, category text, destinations text, office text,
                new_eep boolean, workflow_version text, snapshot text
            ) ON COMMIT DROP
            """)
        let chunk = 1000
        var written = 0
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let lines = try rows[start..<min(start + chunk, rows.count)].map { row -> String in
                let file = CaseFile.draft(id: row.caseID, applicantID: row.applicantID, category: row.category,
                                          destinations: row.destinations, office: row.office, newEEPRequested: row.newEEP)
                let values: [String?] = [
                    String(row.line), row.applicantID.uuidString, row.caseID.uuidString, row.nationalID, row.name,
                    row.birthDate.description, row.workCity, row.employerCode, row.eepNumber, row.eepExpires.description,
                    row.category.rawValue, row.destinations.map(\.rawValue).joined(separator: ","), row.office,
                    row.newEEP ? "t" : "f", file.workflowVersion, try CaseSnapshot.encode(file),
                ]
                return values.map(PostgresConnection.copyText).joined(separator: "\t")
            }
            written += try await connection.copyIn("""
                COPY import_rows (line, applicant_id, case_id, national_id, name, birth_date, work_city, employer_code, eep_number,
                                  eep_expires, category, destinations, office, new_eep, workflow_version, snapshot) FROM STDIN
                """, lines: lines)
            progress("copying", written, rows.count)
        }
        try await connection.query("""
            INSERT INTO applicants (id, national_id, name, birth_date, work_city, employer_code)
            SELECT applicant_id, national_id, name, birth_date, work_city, employer_code FROM import_rows ORDER BY line
            """)
        try await connection.query("""
            INSERT INTO travel_documents (number, applicant_id, expires_on, recorded_at)
            SELECT eep_number, applicant_id, eep_expires, \(now) FROM import_rows ORDER BY line
            """)
        try await connection.query("""
            INSERT INTO applications (id, applicant_id, category, destinations, office, new_eep_requested, eep_number, state, version,
                                      workflow_version, snapshot, created_at, updated_at)
            SELECT case_id, applicant_id, category, string_to_array(destinations, ','), office, new_eep, eep_number, 'draft', 1,
                   workflow_version, snapshot::jsonb, \(now), \(now)
              FROM import_rows ORDER BY line
            """)
        try await connection.query("""
            INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, metadata, at)
            SELECT case_id, 1, NULL, 'draft', 'open', \(actor.name),
                   jsonb_build_object('category', category, 'destinations', destinations, 'import_line', line::text), \(now)
              FROM import_rows ORDER BY line
            """)
        progress("written", rows.count, rows.count)
    }
}
