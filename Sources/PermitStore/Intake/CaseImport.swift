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
/// The file is read as a stream: each row's cells are checked as it arrives, and the rows that pass go into a staging
/// table through COPY in chunks, so memory stays flat however long the file. Then the database checks run over the
/// staging table at once (cities, employers, national IDs and EEPs already registered or repeated in the file). With
/// any bad row nothing is written unless `acceptValid`; then the valid rows go in with set-based inserts, all in one
/// transaction, with the same history row `case new` writes.
public enum CaseImport {
    /// The columns a file must have.
    public static var requiredColumns: [String] { CaseImportRow.requiredColumns }
    /// The columns a file may have.
    public static var optionalColumns: [String] { CaseImportRow.optionalColumns }

    /// Rows sent to the staging table per COPY.
    static let chunkRows = 5_000

    /// Imports `data` (CSV) as the session's login.
    public static func run(_ data: Data, acceptValid: Bool, at now: Date, pool: PostgresPool,
                           progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }) async throws -> CaseImportReport {
        try await run(CSVSource(data: data), acceptValid: acceptValid, at: now, pool: pool, progress: progress)
    }

    /// Imports the CSV file at `file` as the session's login, reading it as a stream; `progress(phase, done, total)` is
    /// called as bytes are read and rows written.
    public static func run(file: URL, acceptValid: Bool, at now: Date, pool: PostgresPool,
                           progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }) async throws -> CaseImportReport {
        let source: CSVSource
        do { source = try CSVSource(file: file) } catch {
            throw StoreError.invalid("file", "\(file.path) cannot be read (\(error.localizedDescription))")
        }
        return try await run(source, acceptValid: acceptValid, at: now, pool: pool, progress: progress)
    }

    private static func run(_ source: CSVSource, acceptValid: Bool, at now: Date, pool: PostgresPool,
                            progress: @escaping @Sendable (String, Int, Int) -> Void) async throws -> CaseImportReport {
        let stream = ImportStream(source: source)
        let columns = try stream.readHeader()
        let today = CivilDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: now)
        return try await StoreTransaction.run(on: pool) { connection in
            let actor = try await StaffAuthorization.require(.importCases, on: connection)
            try await createStaging(on: connection)
            var report = CaseImportReport()
            var staged = 0
            var pending: [String] = []
            pending.reserveCapacity(chunkRows)
            while let row = try stream.nextRow() {
                report.rows += 1
                switch CaseImportRow.validate(row, columns: columns, today: today) {
                case .valid(let parsed): pending.append(try stagingLine(parsed))
                case .invalid(let problems): report.problems += problems
                }
                if pending.count == chunkRows {
                    staged += try await stage(pending, on: connection)
                    pending.removeAll(keepingCapacity: true)
                    progress("reading", stream.bytesRead, stream.totalBytes)
                }
            }
            guard report.rows > 0 else { throw StoreError.invalid("csv", "the file has a header but no rows") }
            if !pending.isEmpty { staged += try await stage(pending, on: connection) }
            progress("reading", stream.totalBytes, stream.totalBytes)
            report.problems += try await checkAgainstDatabase(on: connection)
            report.problems.sort { ($0.line, $0.field) < ($1.line, $1.field) }
            guard report.problems.isEmpty || acceptValid, staged > 0 else { return report }
            report.caseIds = try await write(by: actor, at: now, on: connection, progress: progress)
            report.imported = report.caseIds.count
            return report
        }
    }

    private static func createStaging(on connection: PostgresConnection) async throws {
        // The staging rows live in this session's temporary buffers: room for a large file keeps them off the disk
        // (settable only before the session's first temporary table, so a fresh connection's first import gets it).
        try await connection.execute(simpleSQL: """
            DO $$ BEGIN
                PERFORM set_config('temp_buffers', '256MB', true);
            EXCEPTION WHEN OTHERS THEN NULL;
            END $$;
            CREATE TEMP TABLE import_rows (
                line int, applicant_id uuid, case_id uuid, national_id text, name text, birth_date date, work_city text,
                employer_code text, eep_number text, eep_expires date, category text, destinations text, office text,
                new_eep boolean, workflow_version text, snapshot text
            ) ON COMMIT DROP;
            CREATE TEMP TABLE import_problems (line int, field text, message text) ON COMMIT DROP
            """)
    }

    /// One staged row in COPY text format, with its draft case's snapshot.
    private static func stagingLine(_ row: CaseImportRow) throws -> String {
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

    private static func stage(_ lines: [String], on connection: PostgresConnection) async throws -> Int {
        try await connection.copyIn("""
            COPY import_rows (line, applicant_id, case_id, national_id, name, birth_date, work_city, employer_code, eep_number,
                              eep_expires, category, destinations, office, new_eep, workflow_version, snapshot) FROM STDIN
            """, lines: lines)
    }

    /// Refuses staged rows whose city or employer is unknown, whose national ID or EEP is taken (in the database or
    /// on an earlier line of the file), or whose EEP ends before the birth date; the refused rows are recorded in
    /// `import_problems` and returned.
    private static func checkAgainstDatabase(on connection: PostgresConnection) async throws -> [ImportProblem] {
        try await connection.query("""
            INSERT INTO import_problems (line, field, message)
            SELECT line, 'work_city', 'unknown city ''' || work_city || '''; `permit cities` lists them' FROM import_rows r
             WHERE NOT EXISTS (SELECT 1 FROM cities c WHERE c.key = r.work_city)
            UNION ALL
            SELECT line, 'office', 'unknown city ''' || office || '''' FROM import_rows r
             WHERE r.office <> r.work_city AND NOT EXISTS (SELECT 1 FROM cities c WHERE c.key = r.office)
            UNION ALL
            SELECT line, 'employer', 'no employer is registered with credit code ' || employer_code FROM import_rows r
             WHERE NOT EXISTS (SELECT 1 FROM employers e WHERE e.credit_code = r.employer_code)
            UNION ALL
            SELECT line, 'national_id', 'an applicant with national ID ' || national_id || ' is already registered' FROM import_rows r
             WHERE EXISTS (SELECT 1 FROM applicants a WHERE a.national_id = r.national_id)
            UNION ALL
            \(unescaped: repeatedOnAnEarlierLine("national_id"))
            UNION ALL
            SELECT line, 'eep_number', 'EEP ' || eep_number || ' is already recorded' FROM import_rows r
             WHERE EXISTS (SELECT 1 FROM travel_documents t WHERE t.number = r.eep_number)
            UNION ALL
            \(unescaped: repeatedOnAnEarlierLine("eep_number"))
            UNION ALL
            SELECT line, 'eep_expires', eep_expires::text || ' is before the birth date' FROM import_rows WHERE eep_expires <= birth_date
            """)
        return try await connection.query("SELECT line, field, message FROM import_problems").map { row in
            ImportProblem(line: try row.decode("line"), field: try row.decode("field"), message: try row.decode("message"))
        }
    }

    /// The problems of staged rows whose `column` (a code constant) repeats an earlier line's.
    private static func repeatedOnAnEarlierLine(_ column: String) -> String {
        """
        SELECT line, '\(column)', 'repeats line ' || first FROM
               (SELECT line, min(line) OVER (PARTITION BY \(column)) AS first FROM import_rows) AS d WHERE line > first
        """
    }

    /// Writes the staged rows without problems: applicants, EEPs, draft cases and their first history rows; returns
    /// the case ids in file order. (The inserts read the staging table as it lies, in file order as it was filled:
    /// sorting its wide rows again would spill to disk.)
    private static func write(by actor: Actor, at now: Date, on connection: PostgresConnection,
                              progress: @Sendable (String, Int, Int) -> Void) async throws -> [UUID] {
        let results = try await connection.pipeline([
            "DELETE FROM import_rows r USING import_problems p WHERE p.line = r.line",
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
            "SELECT case_id FROM import_rows ORDER BY line",
        ])
        let ids = try results[5].map { try $0.decode("case_id", as: UUID.self) }
        progress("written", ids.count, ids.count)
        return ids
    }
}

/// Where the CSV bytes come from: a file read in pieces, or bytes already in memory.
struct CSVSource: @unchecked Sendable {
    /// The file, when reading one.
    let handle: FileHandle?
    /// The bytes, when given whole.
    let data: Data?
    /// The size in bytes (for progress).
    let totalBytes: Int

    init(file: URL) throws {
        handle = try FileHandle(forReadingFrom: file)
        data = nil
        totalBytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
    }

    init(data: Data) {
        handle = nil
        self.data = data
        totalBytes = data.count
    }
}

/// The rows of an import file as they are read, with the header checked first.
final class ImportStream: @unchecked Sendable {
    private let source: CSVSource
    private var reader = CSVTable.Reader()
    private var ready: [CSVTable.Row] = []
    private var next = 0
    private var finished = false
    private var offset = 0
    /// Bytes read so far.
    private(set) var bytesRead = 0
    /// The file's size.
    var totalBytes: Int { source.totalBytes }
    private var header: [String] = []

    init(source: CSVSource) {
        self.source = source
    }

    deinit {
        try? source.handle?.close()
    }

    /// Reads the header and checks its columns; returns each column's index.
    func readHeader() throws -> [String: Int] {
        guard let first = try nextRecord() else { throw StoreError.invalid("csv", "line 1: the file is empty; it needs a header row") }
        header = CSVTable.headerNames(first)
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            guard columns[name] == nil else { throw StoreError.invalid("csv", "line 1: the column \(name) appears twice") }
            columns[name] = index
        }
        let missing = CaseImportRow.requiredColumns.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw StoreError.invalid("csv", "line 1: missing columns \(missing.joined(separator: ", ")); required: "
                + CaseImportRow.requiredColumns.joined(separator: ","))
        }
        let unknown = header.filter { !CaseImportRow.requiredColumns.contains($0) && !CaseImportRow.optionalColumns.contains($0) }
        guard unknown.isEmpty else { throw StoreError.invalid("csv", "line 1: unknown columns \(unknown.joined(separator: ", "))") }
        return columns
    }

    /// The next data row, or nil at the end of the file.
    func nextRow() throws -> CSVTable.Row? {
        try nextRecord()
    }

    private func nextRecord() throws -> CSVTable.Row? {
        do {
            while next == ready.count && !finished {
                ready.removeAll(keepingCapacity: true)
                next = 0
                try readMore()
            }
        } catch let problem as CSVTable.Problem {
            throw StoreError.invalid("csv", problem.description)
        }
        guard next < ready.count else { return nil }
        next += 1
        return ready[next - 1]
    }

    private func readMore() throws {
        let piece: Data
        if let handle = source.handle {
            piece = try handle.read(upToCount: 256 * 1024) ?? Data()
        } else if let data = source.data, offset < data.count {
            let end = min(offset + 256 * 1024, data.count)
            piece = data.subdata(in: (data.startIndex + offset)..<(data.startIndex + end))
            offset = end
        } else {
            piece = Data()
        }
        bytesRead += piece.count
        if piece.isEmpty {
            finished = true
            try reader.finish { ready.append($0) }
        } else {
            try reader.feed(piece) { ready.append($0) }
        }
    }
}
