import ArgumentParser
import Foundation

/// `--json`: machine-readable output instead of tables.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (snake_case keys) instead of a table.")
    var json = false
}

/// Prints values as JSON with snake_case keys, sorted, dates as YYYY-MM-DD strings.
enum JSONOutput {
    /// Encodes `value` and prints it on standard output.
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        Swift.print(lowercasingIdentifiers(String(decoding: data, as: UTF8.self)))
    }
}

extension JSONOutput {
    /// Foundation encodes UUIDs in upper case; PermitFlow prints ids as typed and stored: lower case.
    static func lowercasingIdentifiers(_ json: String) -> String {
        let pattern = /"([0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})"/
        return json.replacing(pattern) { match in "\"\(match.1.lowercased())\"" }
    }
}

/// An aligned text table for people.
struct TextTable {
    /// Column titles.
    var headers: [String]
    /// Rows of cells, as many as headers.
    var rows: [[String]] = []

    /// Creates an empty table with these headers.
    init(_ headers: [String]) {
        self.headers = headers
    }

    /// Adds one row.
    mutating func add(_ cells: [String]) {
        rows.append(cells)
    }

    /// The table as aligned lines (wide characters such as Chinese count as two columns).
    var rendered: String {
        let all = [headers] + rows
        var widths = Array(repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.displayWidth(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - Self.displayWidth(cell))
            }.joined(separator: "  ")
        }
        var lines = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// Prints the table.
    func print() {
        Swift.print(rendered)
    }

    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
            return width + (wide ? 2 : 1)
        }
    }
}
