import Testing
@testable import PermitCore

@Suite("Workflow diagrams")
struct WorkflowDiagramTests {
    @Test("Mermaid has one edge per table row and ends every terminal state", arguments: WorkflowDefinition.all.map(\.version))
    func mermaid(version: String) throws {
        let definition = try #require(WorkflowDefinition.version(version))
        let text = WorkflowDiagram.mermaid(definition)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("stateDiagram-v2"))
        #expect(lines.contains("    [*] --> draft"))
        let edges = lines.filter { $0.contains(" --> ") && !$0.contains("[*]") }
        #expect(edges.count == definition.transitions.count)
        for rule in definition.transitions {
            #expect(edges.contains { $0.hasPrefix("    \(rule.from.rawValue) --> \(rule.to.rawValue): \(rule.event.rawValue)") })
        }
        for state in CaseState.allCases where state.isTerminal { #expect(lines.contains("    \(state.rawValue) --> [*]")) }
    }

    @Test("DOT has one edge per table row; terminal states are double circles", arguments: WorkflowDefinition.all.map(\.version))
    func dot(version: String) throws {
        let definition = try #require(WorkflowDefinition.version(version))
        let text = WorkflowDiagram.dot(definition)
        #expect(text.hasPrefix("digraph "))
        #expect(text.hasSuffix("}\n"))
        let edges = text.split(separator: "\n").filter { $0.contains(" -> ") }
        #expect(edges.count == definition.transitions.count)
        for state in CaseState.allCases where state.isTerminal { #expect(text.contains("    \(state.rawValue) [shape=doublecircle, label=")) }
        #expect(text.components(separatedBy: "\"").count % 2 == 1)  // quotes balanced
    }

    @Test func diagramsAreDrawnFromTheTableTheyAreGiven() {
        let tiny = WorkflowDefinition(kind: .standard, version: "tiny@1", table: [
            .on(.submit, from: [.draft], to: .submitted, by: [.clerk], guards: [.destinationsChosen]),
            .on(.withdraw, from: [.submitted], to: .withdrawn, by: [.clerk, .caseworker]),
        ])
        #expect(WorkflowDiagram.mermaid(tiny) == """
            ---
            title: tiny@1
            ---
            stateDiagram-v2
                [*] --> draft
                draft --> submitted: submit<br/>(clerk)<br/>if destinations_chosen
                submitted --> withdrawn: withdraw<br/>(clerk, caseworker)
                withdrawn --> [*]

            """)
        #expect(WorkflowDiagram.dot(tiny) == #"""
            digraph tiny_1 {
                label="tiny@1";
                rankdir=LR;
                node [shape=box, style=rounded];
                draft [label="draft"];
                submitted [label="submitted"];
                withdrawn [shape=doublecircle, label="withdrawn"];
                draft -> submitted [label="submit\n(clerk)\nif destinations_chosen"];
                submitted -> withdrawn [label="withdraw\n(clerk, caseworker)"];
            }

            """#)
    }
}
