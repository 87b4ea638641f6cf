import Foundation
import PermitCore
import PermitStore
import Postgres

/// Tests of the case door's logic act as a staff member named in the test, through the operator's superuser pool
/// (only a superuser's session may act for someone else). The login path itself (the actor derived from the
/// session, refused by the database otherwise) is what the identity and CLI suites test.
extension CaseRepository {
    /// Applies `event` as the staff member `name`, as recorded in staff.
    @discardableResult
    public func apply(_ event: CaseEvent, to caseID: UUID, by name: String, at now: Date, expectedVersion: Int? = nil) async throws -> CaseStep {
        try await apply(event, to: caseID, by: try await staffActor(name), at: now, expectedVersion: expectedVersion)
    }

    /// Opens a draft as the staff member `name`.
    public func open(_ request: NewCase, by name: String, at now: Date) async throws -> CaseRecord {
        try await open(request, by: try await staffActor(name), at: now)
    }

    /// The staff member `name` as an actor (`system` for the worker).
    public func staffActor(_ name: String) async throws -> Actor {
        if name == Actor.system.name { return .system }
        let role = try await pool.withConnection { connection in
            try await connection.query("SELECT role FROM staff WHERE name = \(name)").first?.decode("role", as: String.self)
        }
        guard let role, let staffRole = StaffRole(rawValue: role) else {
            throw StoreError.refused(Refusal(code: "unknown_actor", message: "'\(name)' is not in staff"))
        }
        return Actor(name: name, role: staffRole)
    }
}
