import Foundation

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
