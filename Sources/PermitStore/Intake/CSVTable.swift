import Foundation

/// A CSV file read strictly: UTF-8 (a byte-order mark is skipped), RFC 4180 quoting, a header row.
///
/// `Reader` reads it as a stream (bytes in, rows out), so a file of any size is read in constant memory.
public struct CSVTable: Sendable, Equatable {
    /// One data row: its line number in the file (from 1, the header is line 1) and its cells.
    public struct Row: Sendable, Equatable {
        /// The line the row starts on.
        public let line: Int
        /// The cells, as many as the header's columns (or more or fewer when the row is malformed).
        public let cells: [String]
    }
    /// The header's column names, trimmed and lower-cased.
    public let header: [String]
    /// The data rows (blank lines skipped).
    public let rows: [Row]

    /// Why a file could not be read as CSV at all.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The line at fault.
        public let line: Int
        /// What is wrong.
        public let message: String
        /// `line N: message`.
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses `data` whole; refuses bytes that are not UTF-8 (naming the line) and an unterminated quote.
    public static func parse(_ data: Data) throws(Problem) -> CSVTable {
        var reader = Reader()
        var records: [Row] = []
        try reader.feed(data) { records.append($0) }
        try reader.finish { records.append($0) }
        guard let first = records.first else { throw Problem(line: 1, message: "the file is empty; it needs a header row") }
        return CSVTable(header: headerNames(first), rows: Array(records.dropFirst()))
    }

    /// The column names of a header row: trimmed and lower-cased.
    public static func headerNames(_ row: Row) -> [String] {
        row.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// Reads CSV fed in pieces of any size and hands out each record (the header included) once it is complete.
    public struct Reader: Sendable {
        private var cells: [String] = []
        private var cell: [UInt8] = []
        private var quoted = false, wasQuoted = false
        private var line = 1, rowStart = 1
        private var atStart = true
        private var pendingBOM: [UInt8] = []

        /// A reader at the start of a file.
        public init() {}

        /// Reads `bytes`, calling `record` for every record they complete.
        public mutating func feed<Bytes: Sequence>(_ bytes: Bytes, record: (Row) throws(Problem) -> Void) throws(Problem)
            where Bytes.Element == UInt8 {
            for byte in bytes {
                if atStart {
                    // Skip a UTF-8 byte-order mark, which may arrive split over feeds.
                    pendingBOM.append(byte)
                    if [0xEF, 0xBB, 0xBF].starts(with: pendingBOM) {
                        if pendingBOM.count == 3 { atStart = false; pendingBOM = [] }
                        continue
                    }
                    atStart = false
                    let held = pendingBOM
                    pendingBOM = []
                    for earlier in held { try take(earlier, record: record) }
                    continue
                }
                try take(byte, record: record)
            }
        }

        /// Ends the file: hands out the last record; refuses a quoted cell left open.
        public mutating func finish(record: (Row) throws(Problem) -> Void) throws(Problem) {
            if atStart, !pendingBOM.isEmpty {
                atStart = false
                let held = pendingBOM
                pendingBOM = []
                for byte in held { try take(byte, record: record) }
            }
            if quoted { throw Problem(line: rowStart, message: "a quoted cell is never closed") }
            if !cell.isEmpty || !cells.isEmpty { try endRow(record: record) }
        }

        private mutating func take(_ byte: UInt8, record: (Row) throws(Problem) -> Void) throws(Problem) {
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    quoted = false
                    quoteJustClosed = true
                    return
                }
                if byte == UInt8(ascii: "\n") { line += 1 }
                cell.append(byte)
                return
            }
            if quoteJustClosed {
                quoteJustClosed = false
                if byte == UInt8(ascii: "\"") {
                    // "" inside a quoted cell: one quote, and the cell goes on being quoted.
                    cell.append(byte)
                    quoted = true
                    return
                }
            }
            switch byte {
            case UInt8(ascii: "\"") where isBlank(cell):
                quoted = true
                wasQuoted = true
                cell.removeAll(keepingCapacity: true)
            case UInt8(ascii: ","): try endCell()
            case UInt8(ascii: "\r"): return
            case UInt8(ascii: "\n"):
                try endRow(record: record)
                line += 1
                rowStart = line
            default: cell.append(byte)
            }
        }

        /// True right after a closing quote: a second quote there is an escaped one.
        private var quoteJustClosed = false

        private mutating func endCell() throws(Problem) {
            guard let text = String(validating: cell, as: UTF8.self) else {
                throw Problem(line: line, message: "the file is not UTF-8 text (save it as CSV UTF-8)")
            }
            cells.append(wasQuoted || !needsTrimming(cell) ? text : text.trimmingCharacters(in: .whitespaces))
            cell.removeAll(keepingCapacity: true)
            wasQuoted = false
        }

        private mutating func endRow(record: (Row) throws(Problem) -> Void) throws(Problem) {
            try endCell()
            let row = Row(line: rowStart, cells: cells)
            cells.removeAll(keepingCapacity: true)
            if !(row.cells.count == 1 && row.cells[0].isEmpty) { try record(row) }
        }

        /// Whether the bytes so far are only spaces and tabs (a quote there opens a quoted cell).
        private func isBlank(_ bytes: [UInt8]) -> Bool {
            bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } || String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces).isEmpty
        }

        /// Whether a cell may start or end with white space (plain ASCII letters at both ends need no trimming).
        private func needsTrimming(_ bytes: [UInt8]) -> Bool {
            guard let first = bytes.first, let last = bytes.last else { return false }
            func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
            return !plain(first) || !plain(last)
        }
    }
}
