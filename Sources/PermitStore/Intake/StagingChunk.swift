import Foundation
import PermitCore
import Postgres

/// A run of consecutive rows of an import file, checked on their own: the valid ones as COPY text for the staging
/// table, the others as problems.
struct StagingChunk: Sendable {
    /// One valid row's line and the case it opens.
    struct Staged: Sendable {
        let line: Int
        let caseID: UUID
    }
    /// Data rows read (valid or not).
    var rows = 0
    /// The valid rows, in file order.
    var staged: [Staged] = []
    /// The valid rows in COPY text format, one line each (the columns of `ImportStaging.copyStatement`).
    var copyData: [UInt8] = []
    /// The problems of the rows that are not valid on their own.
    var problems: [ImportProblem] = []
    /// Bytes of the file read once this chunk was complete.
    var bytesRead = 0
}

/// Reads an import file a chunk at a time: each row validated (`CaseImportRow`) and, when valid, formatted for COPY
/// with its draft case's snapshot.
///
/// Used by one task at a time (the import awaits each chunk before asking for the next), hence `@unchecked Sendable`.
final class StagingChunkReader: @unchecked Sendable {
    private let stream: ImportStream
    private let columns: [String: Int]
    private let today: CivilDate
    private let chunkRows: Int

    init(stream: ImportStream, columns: [String: Int], today: CivilDate, chunkRows: Int) {
        self.stream = stream
        self.columns = columns
        self.today = today
        self.chunkRows = chunkRows
    }

    /// The next `chunkRows` rows (fewer at the end of the file), or nil when no row is left.
    func next() throws -> StagingChunk? {
        var chunk = StagingChunk()
        chunk.staged.reserveCapacity(chunkRows)
        chunk.copyData.reserveCapacity(chunkRows * 768)
        while chunk.rows < chunkRows, let row = try stream.nextRow() {
            chunk.rows += 1
            switch CaseImportRow.validate(row, columns: columns, today: today) {
            case .valid(let parsed):
                try Self.appendStagingLine(parsed, to: &chunk.copyData)
                chunk.staged.append(StagingChunk.Staged(line: parsed.line, caseID: parsed.caseID))
            case .invalid(let problems): chunk.problems += problems
            }
        }
        chunk.bytesRead = stream.bytesRead
        return chunk.rows == 0 ? nil : chunk
    }

    /// Reads the next chunk off the caller's executor (the connection's thread stays free for the server's work).
    @concurrent
    static func next(from reader: StagingChunkReader) async throws -> StagingChunk? {
        try reader.next()
    }

    /// Appends one staged row in COPY text format, with its draft case's snapshot, and its newline.
    static func appendStagingLine(_ row: CaseImportRow, to out: inout [UInt8]) throws {
        let file = CaseFile.draft(id: row.caseID, applicantID: row.applicantID, category: row.category,
                                  destinations: row.destinations, office: row.office, newEEPRequested: row.newEEP)
        let values: [String] = [
            String(row.line), row.applicantID.uuidString, row.caseID.uuidString, row.nationalID, row.name,
            row.birthDate.description, row.workCity, row.employerCode, row.eepNumber, row.eepExpires.description,
            row.category.rawValue, row.destinations.map(\.rawValue).joined(separator: ","), row.office,
            row.newEEP ? "t" : "f", file.workflowVersion, try CaseSnapshot.encode(file),
        ]
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(0x09) }
            PostgresConnection.appendCopyText(value, to: &out)
        }
        out.append(0x0A)
    }
}
