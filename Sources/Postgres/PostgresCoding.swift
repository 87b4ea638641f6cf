import Foundation

/// A value that can be sent as a text parameter.
public protocol PostgresEncodable: Sendable {
    /// The value in PostgreSQL's text input format.
    var postgresText: String { get }
}

/// A value that can be read from a text column.
public protocol PostgresDecodable: Sendable {
    /// Parses the value from PostgreSQL's text output format; throws `PostgresError(.decoding)` when it does not fit.
    init(postgresText: String) throws
}

extension PostgresError {
    /// A decoding failure for `text` that is not a valid `type`.
    static func badText(_ text: String, as type: Any.Type) -> PostgresError {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return PostgresError(code: .decoding, message: "\"\(shown)\" is not a valid \(type)")
    }
}

extension String: PostgresEncodable, PostgresDecodable {
    /// The string itself.
    public var postgresText: String { self }
    /// The column text itself.
    public init(postgresText: String) { self = postgresText }
}

extension Int: PostgresEncodable, PostgresDecodable {
    /// The decimal digits.
    public var postgresText: String { String(self) }
    /// Parses decimal digits.
    public init(postgresText: String) throws {
        guard let value = Int(postgresText) else { throw PostgresError.badText(postgresText, as: Int.self) }
        self = value
    }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    /// The decimal digits.
    public var postgresText: String { String(self) }
    /// Parses decimal digits.
    public init(postgresText: String) throws {
        guard let value = Int32(postgresText) else { throw PostgresError.badText(postgresText, as: Int32.self) }
        self = value
    }
}

extension Int64: PostgresEncodable, PostgresDecodable {
    /// The decimal digits.
    public var postgresText: String { String(self) }
    /// Parses decimal digits.
    public init(postgresText: String) throws {
        guard let value = Int64(postgresText) else { throw PostgresError.badText(postgresText, as: Int64.self) }
        self = value
    }
}

extension Double: PostgresEncodable, PostgresDecodable {
    /// The shortest text that reads back as the same value; `Infinity`, `-Infinity`, `NaN` for the specials.
    public var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }
    /// Parses PostgreSQL's float output, including `Infinity`, `-Infinity` and `NaN`.
    public init(postgresText: String) throws {
        switch postgresText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(postgresText) else { throw PostgresError.badText(postgresText, as: Double.self) }
            self = value
        }
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    /// `t` or `f`.
    public var postgresText: String { self ? "t" : "f" }
    /// Parses `t`/`f` (and `true`/`false`).
    public init(postgresText: String) throws {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresError.badText(postgresText, as: Bool.self)
        }
    }
}

extension UUID: PostgresEncodable, PostgresDecodable {
    /// The lower-case hyphenated form, as PostgreSQL prints it (written digit by digit: `uuidString` goes through
    /// `sprintf` and a second pass to lower it).
    public var postgresText: String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = hex[Int(byte >> 4)]
                    out[position + 1] = hex[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }
    /// Parses the hyphenated form.
    public init(postgresText: String) throws {
        guard let value = UUID(uuidString: postgresText) else { throw PostgresError.badText(postgresText, as: UUID.self) }
        self = value
    }
}

extension Date: PostgresEncodable, PostgresDecodable {
    /// ISO-8601 in UTC with microseconds, e.g. `2026-11-22T04:57:57.123456Z` (a `timestamptz` input).
    public var postgresText: String { PostgresTimestamp(self).iso8601 }
    /// Parses `timestamptz` output such as `2026-11-22 04:57:57.123456+00` (any offset, `T` or space, optional fraction).
    public init(postgresText: String) throws {
        guard let timestamp = PostgresTimestamp(parsing: postgresText) else {
            throw PostgresError.badText(postgresText, as: Date.self)
        }
        self = timestamp.date
    }
}
