import Foundation
import PermitCore
import Postgres

/// A member of staff as listed.
public struct StaffMember: Sendable, Equatable, Codable {
    /// The person's name, as they type it in `--as`.
    public let name: String
    /// clerk, caseworker, supervisor or system.
    public let role: String
    /// Whether the person may act.
    public let active: Bool
}

/// The people who may act on cases, and their roles.
public enum StaffDirectory {
    /// The acting person, or a refusal naming why they may not act.
    static func actor(named name: String, on connection: PostgresConnection) async throws -> Actor {
        let rows = try await connection.query("SELECT role, active FROM staff WHERE name = \(name)")
        guard let row = rows.first else {
            throw StoreError.refused(Refusal(code: "unknown_actor",
                message: "'\(name)' is not in staff; `permit staff add NAME --role ROLE` adds a person"))
        }
        guard try row.decode("active", as: Bool.self) else {
            throw StoreError.refused(Refusal(code: "inactive_actor", message: "\(name) is no longer active in staff"))
        }
        let raw: String = try row.decode("role")
        guard let role = StaffRole(rawValue: raw) else {
            throw StoreError(.failed, "staff \(name) has an unknown role \(raw)")
        }
        return Actor(name: name, role: role)
    }

    /// The acting person looked up on a pooled connection.
    public static func actor(named name: String, pool: PostgresPool) async throws -> Actor {
        try await pool.withConnection { try await actor(named: name, on: $0) }
    }

    /// Adds a person with a role (refuses the `system` role and a name already taken).
    public static func add(name: String, role: StaffRole, pool: PostgresPool) async throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else {
            throw StoreError.invalid("name", "must be 1 to 100 characters")
        }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw StoreError.invalid("name", "must not contain control characters")
        }
        guard role != .system else {
            throw StoreError.invalid("role", "only the worker acts as system; choose clerk, caseworker or supervisor")
        }
        do {
            _ = try await pool.withConnection { connection in
                try await connection.query("INSERT INTO staff (name, role) VALUES (\(trimmed), \(role.rawValue))")
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw StoreError.invalid("name", "'\(trimmed)' is already in staff")
        }
    }

    /// Everyone in staff, by name.
    public static func list(pool: PostgresPool) async throws -> [StaffMember] {
        try await pool.withConnection { connection in
            try await connection.query("SELECT name, role, active FROM staff ORDER BY name").map {
                StaffMember(name: try $0.decode("name"), role: try $0.decode("role"), active: try $0.decode("active"))
            }
        }
    }
}
