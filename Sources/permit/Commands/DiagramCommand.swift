import ArgumentParser
import PermitCore

/// `permit diagram`: draws a workflow from the transition table the engine runs on.
struct DiagramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Print a workflow as a Mermaid or Graphviz diagram (operators; needs no database).",
        discussion: """
            Examples:
              permit diagram > standard.mmd
              permit diagram --workflow hetao --format dot | dot -Tsvg > hetao.svg
            """
    )
    @Option(help: "standard or hetao.")
    var workflow: WorkflowKind = .standard
    @Option(help: "mermaid or dot.")
    var format: DiagramFormat = .mermaid

    func run() throws {
        let definition = WorkflowDefinition.current(workflow)
        print(format == .mermaid ? WorkflowDiagram.mermaid(definition) : WorkflowDiagram.dot(definition), terminator: "")
    }
}
