import Foundation
import PermitCore
import Postgres

/// An employer as registered.
public struct EmployerRecord: Sendable, Equatable, Codable {
    /// The unified social credit code.
    public let creditCode: String
    /// The employer's name.
    public let name: String
    /// The city key.
    public let city: String
    /// Whether the employer is in the Hetao Shenzhen Park.
    public let inHetaoPark: Bool
}

/// Employers, keyed by unified social credit code.
public enum EmployerRegistry {
    /// Adds an employer after checking its credit code, name and city.
    public static func add(creditCode: String, name: String, city: String, inHetaoPark: Bool,
                           pool: PostgresPool) async throws -> EmployerRecord {
        let code: CreditCode
        do { code = try CreditCode(validating: creditCode) } catch { throw StoreError.invalid("credit-code", error.description) }
        let trimmed = try TextField.validated(name, field: "name", maximum: 200)
        return try await StoreTransaction.run(on: pool) { connection in
            try await Cities.require(city, field: "city", on: connection)
            let inserted = try await connection.query("""
                INSERT INTO employers (credit_code, name, city, in_hetao_park) VALUES (\(code.value), \(trimmed), \(city), \(inHetaoPark))
                ON CONFLICT (credit_code) DO NOTHING
                """)
            guard inserted.affectedRows == 1 else {
                throw StoreError.invalid("credit-code", "an employer with credit code \(code.value) is already registered")
            }
            return EmployerRecord(creditCode: code.value, name: trimmed, city: city, inHetaoPark: inHetaoPark)
        }
    }

    /// Every employer, by name.
    public static func list(pool: PostgresPool) async throws -> [EmployerRecord] {
        try await pool.withConnection { connection in
            try await connection.query("SELECT credit_code, name, city, in_hetao_park FROM employers ORDER BY name").map {
                EmployerRecord(creditCode: try $0.decode("credit_code"), name: try $0.decode("name"),
                               city: try $0.decode("city"), inHetaoPark: try $0.decode("in_hetao_park"))
            }
        }
    }
}

/// Checks on free text typed by people.
enum TextField {
    /// Trims `text` and refuses it when empty, longer than `maximum` characters, or holding control characters.
    static func validated(_ text: String, field: String, maximum: Int) throws -> String {
        // Printable ASCII (most names) needs neither Foundation's trimming at the ends nor its control-character test.
        let printable = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        let plainEnds = text.utf8.first.map { $0 > 0x20 } ?? false && text.utf8.last.map { $0 > 0x20 } ?? false
        let trimmed = printable && plainEnds ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StoreError.invalid(field, "must not be empty") }
        let length = printable ? trimmed.utf8.count : trimmed.count
        guard length <= maximum else {
            throw StoreError.invalid(field, "is \(length) characters long; at most \(maximum) are allowed")
        }
        guard printable || !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw StoreError.invalid(field, "must not contain control characters")
        }
        return trimmed
    }
}
