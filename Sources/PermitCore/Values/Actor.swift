/// The kind of person (or the system) that may fire an event.
public enum StaffRole: String, CaseIterable, Codable, Sendable {
    /// Front-desk staff: take applications and documents.
    case clerk
    /// Verifies documents and decides.
    case caseworker
    /// Extensions, escalations, revocations.
    case supervisor
    /// The worker acting on its own (screening, deadlines, straight-through decisions, issue).
    case system
}

/// Who fired an event: a named person in a role, or the system.
public struct Actor: Codable, Sendable, Hashable {
    /// The person's login name ("system" for the worker).
    public var name: String
    /// The role the person acts in.
    public var role: StaffRole

    /// Makes an actor.
    public init(name: String, role: StaffRole) {
        self.name = name
        self.role = role
    }

    /// The worker acting on its own.
    public static let system = Actor(name: "system", role: .system)
}
