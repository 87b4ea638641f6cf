/// Draws a workflow definition as Mermaid or Graphviz DOT, from the same table the engine runs on.
///
/// One edge per (from, to, event, condition); its label names the event, who may fire it and the guards.
public enum WorkflowDiagram {
    /// A Mermaid `stateDiagram-v2`.
    public static func mermaid(_ definition: WorkflowDefinition) -> String {
        var lines = ["---", "title: \(definition.version)", "---", "stateDiagram-v2"]
        lines.append("    [*] --> draft")
        for rule in definition.transitions {
            lines.append("    \(rule.from.rawValue) --> \(rule.to.rawValue): \(label(rule, separator: "<br/>"))")
        }
        for state in definition.states where state.isTerminal {
            lines.append("    \(state.rawValue) --> [*]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Graphviz `digraph`; terminal states are double circles.
    public static func dot(_ definition: WorkflowDefinition) -> String {
        let name = definition.version.map { $0.isLetter || $0.isNumber ? $0 : "_" }
        var lines = ["digraph \(String(name)) {", "    label=\"\(definition.version)\";", "    rankdir=LR;", "    node [shape=box, style=rounded];"]
        for state in definition.states {
            let shape = state.isTerminal ? "shape=doublecircle, " : ""
            lines.append("    \(state.rawValue) [\(shape)label=\"\(state.rawValue)\"];")
        }
        for rule in definition.transitions {
            let text = label(rule, separator: "\\n").replacingOccurrences(of: "\"", with: "\\\"")
            lines.append("    \(rule.from.rawValue) -> \(rule.to.rawValue) [label=\"\(text)\"];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// "approve [before_acceptance] (caseworker, supervisor) if four_eyes, eep_validity".
    static func label(_ rule: TransitionRule, separator: String) -> String {
        var parts = [rule.event.rawValue + (rule.when.map { " [\($0.rawValue)]" } ?? "")]
        parts.append("(" + StaffRole.allCases.filter(rule.roles.contains).map(\.rawValue).joined(separator: ", ") + ")")
        if !rule.guards.isEmpty {
            parts.append("if " + rule.guards.map(\.rawValue).joined(separator: ", "))
        }
        return parts.joined(separator: separator)
    }
}
