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
/// The file is read as a stream, a chunk of rows at a time, all in one transaction: each row's cells are checked as it
/// arrives, a chunk's valid rows go into a staging table through COPY, are checked against the database and the rows
/// staged before them (cities, employers, national IDs and EEPs already registered or repeated in the file), and the
/// rows that pass are written with set-based inserts, with the same history row `case new` writes. While the server
/// checks and writes one chunk, the next one is read. With any bad row nothing is kept (the transaction is rolled
/// back, the report still lists every problem) unless `acceptValid`.
public enum CaseImport {
    /// The columns a file must have.
    public static var requiredColumns: [String] { CaseImportRow.requiredColumns }
    /// The columns a file may have.
    public static var optionalColumns: [String] { CaseImportRow.optionalColumns }

    /// Rows read, checked and written per chunk.
    static let chunkRows = 5_000

    /// Imports `data` (CSV) as the session's login.
    public static func run(_ data: Data, acceptValid: Bool, at now: Date, pool: PostgresPool,
                           progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }) async throws -> CaseImportReport {
        try await run(CSVSource(data: data), acceptValid: acceptValid, at: now, pool: pool, chunkRows: chunkRows, progress: progress)
    }

    /// Imports the CSV file at `file` as the session's login, reading it as a stream; `progress(phase, done, total)` is
    /// called as the file's bytes are checked and written ("importing", then "checked"), and once with the cases opened
    /// ("written") when they are kept.
    public static func run(file: URL, acceptValid: Bool, at now: Date, pool: PostgresPool,
                           progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }) async throws -> CaseImportReport {
        let source: CSVSource
        do { source = try CSVSource(file: file) } catch {
            throw StoreError.invalid("file", "\(file.path) cannot be read (\(error.localizedDescription))")
        }
        return try await run(source, acceptValid: acceptValid, at: now, pool: pool, chunkRows: chunkRows, progress: progress)
    }

    /// Imports `data` in chunks of `chunkRows` rows (tests use small chunks).
    static func run(_ data: Data, acceptValid: Bool, at now: Date, pool: PostgresPool, chunkRows: Int) async throws -> CaseImportReport {
        try await run(CSVSource(data: data), acceptValid: acceptValid, at: now, pool: pool, chunkRows: chunkRows, progress: { _, _, _ in })
    }

    /// The report of an import refused for its bad rows: thrown to roll the transaction back, then returned.
    private struct Refused: Error {
        let report: CaseImportReport
    }

    private static func run(_ source: CSVSource, acceptValid: Bool, at now: Date, pool: PostgresPool, chunkRows: Int,
                            progress: @escaping @Sendable (String, Int, Int) -> Void) async throws -> CaseImportReport {
        let stream = ImportStream(source: source)
        let columns = try stream.readHeader()
        let today = CivilDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: now)
        let reader = StagingChunkReader(stream: stream, columns: columns, today: today, chunkRows: chunkRows)
        do {
            return try await StoreTransaction.run(on: pool) { connection in
                let actor = try await StaffAuthorization.require(.importCases, on: connection)
                try await ImportStaging.create(on: connection)
                var report = CaseImportReport()
                var cellProblems: [ImportProblem] = []
                var databaseProblems: [ImportProblem] = []
                var next = try await StagingChunkReader.next(from: reader)
                while let chunk = next {
                    // The next chunk is read and checked on another thread while the server takes this one.
                    async let following = StagingChunkReader.next(from: reader)
                    report.rows += chunk.rows
                    cellProblems += chunk.problems
                    let refused = try await ImportStaging.stage(chunk, on: connection)
                    databaseProblems += refused
                    let writing = acceptValid || (cellProblems.isEmpty && databaseProblems.isEmpty)
                    let refusedLines = Set(refused.map(\.line))
                    if writing && refusedLines.count < chunk.staged.count {
                        try await ImportStaging.write(by: actor, at: now, on: connection)
                        report.caseIds += chunk.staged.lazy.filter { !refusedLines.contains($0.line) }.map(\.caseID)
                    }
                    progress("importing", chunk.bytesRead, stream.totalBytes)
                    next = try await following
                }
                guard report.rows > 0 else { throw StoreError.invalid("csv", "the file has a header but no rows") }
                progress("checked", stream.totalBytes, stream.totalBytes)
                report.problems = (cellProblems + databaseProblems).sorted { ($0.line, $0.field) < ($1.line, $1.field) }
                guard report.problems.isEmpty || acceptValid else {
                    // Earlier chunks may have been written before a bad row turned up: nothing of them stays.
                    report.caseIds = []
                    throw Refused(report: report)
                }
                report.imported = report.caseIds.count
                if report.imported > 0 { progress("written", report.imported, report.imported) }
                return report
            }
        } catch let refused as Refused {
            return refused.report
        }
    }
}
