import Foundation

/// One numbered schema change, read from `migrations/NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    /// The number that orders migrations (the `NNNN` of the file name).
    public let number: Int
    /// The file name without `.sql`, e.g. `0001_reference_data`; the key recorded in `schema_migrations`.
    public let name: String
    /// The SQL text, run as one transaction.
    public let sql: String

    /// Creates a migration from its parts.
    public init(number: Int, name: String, sql: String) {
        self.number = number
        self.name = name
        self.sql = sql
    }
}

/// Reads the migration files of a directory, in order.
public enum MigrationFiles {
    /// Loads every `NNNN_name.sql` file of `directory`, ordered by number; refuses stray or duplicate numbers.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError(.missingDirectory, "no migrations folder at \(directory.path)")
        }
        var migrations: [Migration] = []
        for file in names.sorted() where file.hasSuffix(".sql") {
            let name = String(file.dropLast(4))
            guard let number = number(of: name) else {
                throw MigrationError(.badFileName,
                    "migration file \(file) is not named NNNN_name.sql (four digits, an underscore, lowercase words)")
            }
            if let clash = migrations.first(where: { $0.number == number }) {
                throw MigrationError(.badFileName, "migrations \(clash.name) and \(name) share the number \(number)")
            }
            let url = directory.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let sql = String(data: data, encoding: .utf8) else {
                throw MigrationError(.badFileName, "migration file \(file) cannot be read as UTF-8")
            }
            migrations.append(Migration(number: number, name: name, sql: sql))
        }
        return migrations.sorted { $0.number < $1.number }
    }

    /// The number of a well-formed migration name, or nil.
    static func number(of name: String) -> Int? {
        let parts = name.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII),
              let number = Int(parts[0]), !parts[1].isEmpty,
              parts[1].allSatisfy({ ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "_" })
        else { return nil }
        return number
    }
}
