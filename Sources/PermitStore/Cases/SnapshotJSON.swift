/// JSON text written by hand for the documents the store writes on every change (case snapshots, history metadata).
struct JSONText {
    /// The text so far.
    private(set) var text = ""
    private var needsComma = false

    init() {
        text.reserveCapacity(1024)
    }

    /// An object of string fields, keys sorted (history metadata).
    static func object(_ fields: [String: String]) -> String {
        var json = JSONText()
        json.object { object in
            for key in fields.keys.sorted() { object.field(key, fields[key]) }
        }
        return json.text
    }

    /// Writes an object whose fields `body` writes.
    mutating func object(_ body: (inout JSONText) -> Void) {
        text.append("{")
        needsComma = false
        body(&self)
        text.append("}")
        needsComma = true
    }

    /// Writes a key; the value follows (an `object`).
    mutating func key(_ name: String) {
        if needsComma { text.append(",") }
        string(name)
        text.append(":")
        needsComma = false
    }

    mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
        needsComma = true
    }

    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        text.append(value ? "true" : "false")
        needsComma = true
    }

    mutating func field(_ name: String, _ value: Int) {
        key(name)
        text.append(String(value))
        needsComma = true
    }

    mutating func field(_ name: String, _ values: [String]) {
        key(name)
        text.append("[")
        for (index, value) in values.enumerated() {
            if index > 0 { text.append(",") }
            string(value)
        }
        text.append("]")
        needsComma = true
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    private mutating func string(_ value: String) {
        text.append("\"")
        var plain = true
        for unit in value.utf8 where unit < 0x20 || unit == 0x22 || unit == 0x5C {
            plain = false
            break
        }
        if plain {
            text.append(value)
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text.append("\\\"")
                case "\\": text.append("\\\\")
                case "\n": text.append("\\n")
                case "\r": text.append("\\r")
                case "\t": text.append("\\t")
                case let control where control.value < 0x20:
                    let hex = String(control.value, radix: 16)
                    text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text.append("\"")
    }
}

/// A parsed JSON document.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Why a text is not JSON.
    struct Malformed: Error {
        let offset: Int
    }

    /// Parses a whole document.
    static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = JSONParser(bytes: bytes)
            let value = try parser.value()
            parser.skipSpace()
            guard parser.position == bytes.count else { throw Malformed(offset: parser.position) }
            return value
        }
    }
}

/// A recursive-descent reader over UTF-8 bytes.
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    private func malformed() -> JSONValue.Malformed { JSONValue.Malformed(offset: position) }

    mutating func value() throws(JSONValue.Malformed) -> JSONValue {
        skipSpace()
        guard position < bytes.count else { throw malformed() }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONValue.Malformed) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw malformed() }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] { throw malformed() }
        position += count
    }

    private mutating func object() throws(JSONValue.Malformed) -> JSONValue {
        position += 1
        var fields: [String: JSONValue] = [:]
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(fields) }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw malformed() }
            let key = try string()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw malformed() }
            position += 1
            fields[key] = try value()
            skipSpace()
            guard position < bytes.count else { throw malformed() }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(fields) }
            throw malformed()
        }
    }

    private mutating func array() throws(JSONValue.Malformed) -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            items.append(try value())
            skipSpace()
            guard position < bytes.count else { throw malformed() }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            throw malformed()
        }
    }

    private mutating func number() throws(JSONValue.Malformed) -> Double {
        let start = position
        while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
        guard position > start, let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
        else { throw malformed() }
        return value
    }

    /// A string at `position` (its opening quote), escapes resolved.
    private mutating func string() throws(JSONValue.Malformed) -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw malformed() }
            position += 1
        }
        // Escapes: copy what came before, then resolve the rest one by one.
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self).unicodeScalars)
        var pending: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
            pending.removeAll()
        }
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard position < bytes.count else { throw malformed() }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                        else { throw malformed() }
                        position += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw malformed() }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw malformed() }
                    scalars.append(scalar)
                default: throw malformed()
                }
            default:
                guard byte >= 0x20 else { throw malformed() }
                pending.append(byte)
            }
        }
        throw malformed()
    }

    private mutating func hex4() throws(JSONValue.Malformed) -> UInt32 {
        guard position + 4 <= bytes.count else { throw malformed() }
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = UInt32(String(UnicodeScalar(bytes[position])), radix: 16) else { throw malformed() }
            code = code * 16 + digit
            position += 1
        }
        return code
    }
}
