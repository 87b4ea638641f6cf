/// Which workflow a case runs under.
public enum WorkflowKind: String, Codable, Sendable, CaseIterable {
    /// Talent endorsement: a caseworker verifies documents and decides.
    case standard
    /// Hetao Shenzhen Park: a registry lookup; a clean case goes straight through.
    case hetao
}

/// A versioned workflow: its transition table is the one the engine runs and the diagrams draw.
public struct WorkflowDefinition: Sendable {
    /// Which workflow.
    public let kind: WorkflowKind
    /// Version identifier a case pins when it starts, e.g. "standard@1".
    public let version: String
    /// Every allowed transition.
    public let transitions: [TransitionRule]

    /// Makes a definition from a table written as groups of rows.
    public init(kind: WorkflowKind, version: String, table: [[TransitionRule]]) {
        self.kind = kind
        self.version = version
        self.transitions = table.flatMap { $0 }
    }

    /// Every definition this build knows, current and past.
    public static let all: [WorkflowDefinition] = [.standardV1, .hetaoV1]

    /// The definition new cases of `kind` start under.
    public static func current(_ kind: WorkflowKind) -> WorkflowDefinition {
        switch kind {
        case .standard: return .standardV1
        case .hetao: return .hetaoV1
        }
    }

    /// The definition with identifier `id` (what a case pinned).
    public static func version(_ id: String) -> WorkflowDefinition? {
        all.first { $0.version == id }
    }

    /// The rules for `event` in `state` (usually one; two when a `RuleCondition` chooses).
    public func rules(from state: CaseState, event: CaseEventKind) -> [TransitionRule] {
        transitions.filter { $0.from == state && $0.event == event }
    }

    /// The events that may be fired in `state` by `role`, in table order without repeats.
    public func events(from state: CaseState, role: StaffRole) -> [CaseEventKind] {
        var seen: [CaseEventKind] = []
        for rule in transitions where rule.from == state && rule.roles.contains(role) && !seen.contains(rule.event) {
            seen.append(rule.event)
        }
        return seen
    }

    /// The states that appear in the table, in `CaseState` order.
    public var states: [CaseState] {
        CaseState.allCases.filter { state in transitions.contains { $0.from == state || $0.to == state } }
    }
}
