import Foundation

/// A CSV file read strictly: UTF-8 (a byte-order mark is skipped), RFC 4180 quoting, a header row.
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

    /// Parses `data`; refuses bytes that are not UTF-8 (naming the first bad line) and an unterminated quote.
    public static func parse(_ data: Data) throws(Problem) -> CSVTable {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem(line: firstInvalidLine(bytes), message: "the file is not UTF-8 text (save it as CSV UTF-8)")
        }
        var records: [Row] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false, wasQuoted = false
        var line = 1, rowStart = 1
        var iterator = Array(text.unicodeScalars)
        var index = 0
        func endCell() { cells.append(wasQuoted ? cell : cell.trimmingCharacters(in: .whitespaces)); cell = ""; wasQuoted = false }
        func endRow() {
            endCell()
            if !(cells.count == 1 && cells[0].isEmpty) { records.append(Row(line: rowStart, cells: cells)) }
            cells = []
        }
        while index < iterator.count {
            let scalar = iterator[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < iterator.count && iterator[index] == "\"" { cell.unicodeScalars.append("\""); index += 1 } else { quoted = false }
                } else {
                    if scalar == "\n" { line += 1 }
                    cell.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where cell.trimmingCharacters(in: .whitespaces).isEmpty:
                quoted = true
                wasQuoted = true
                cell = ""
            case ",": endCell()
            case "\r": continue
            case "\n":
                endRow()
                line += 1
                rowStart = line
            default: cell.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw Problem(line: rowStart, message: "a quoted cell is never closed") }
        if !cell.isEmpty || !cells.isEmpty { endRow() }
        iterator.removeAll()
        guard let first = records.first else { throw Problem(line: 1, message: "the file is empty; it needs a header row") }
        return CSVTable(header: first.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }, rows: Array(records.dropFirst()))
    }

    private static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            if String(validating: bytes[start..<offset], as: UTF8.self) == nil { return line }
            line += 1
            start = offset + 1
        }
        return line
    }
}
