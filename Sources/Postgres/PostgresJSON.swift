import Foundation

/// A JSON document (json/jsonb column or parameter); wraps the raw text.
public struct PostgresJSON: Sendable, Hashable, PostgresEncodable, PostgresDecodable {
    /// The JSON text.
    public var text: String

    /// Wraps JSON text as-is.
    public init(text: String) { self.text = text }

    /// Encodes `value` with sorted keys and ISO-8601 dates.
    public init<T: Encodable>(encoding value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        self.text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes the document as `T` (ISO-8601 dates); throws `PostgresError(.decoding)` saying why.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw PostgresError(code: .decoding, message: "the JSON document is not a valid \(T.self): \(error)")
        }
    }

    /// The JSON text.
    public var postgresText: String { text }

    /// Wraps the column text.
    public init(postgresText: String) { self.text = postgresText }
}
