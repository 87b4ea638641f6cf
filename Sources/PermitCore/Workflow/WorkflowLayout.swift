/// Where each state of a workflow sits in a left-to-right drawing: open states in columns by their distance from
/// `draft` (the first step that reaches them), terminal states together in the last column.
public struct WorkflowLayout: Sendable, Equatable {
    /// A state's place: its column and its row within the column, from 0.
    public struct Place: Sendable, Equatable {
        /// The column, from 0 (draft).
        public let column: Int
        /// The row within the column, from 0.
        public let row: Int
    }

    /// Every state of the definition, placed.
    public let places: [CaseState: Place]
    /// How many columns.
    public let columns: Int
    /// The most rows in one column.
    public let rows: Int

    /// Lays out `definition`.
    public init(_ definition: WorkflowDefinition) {
        var distance: [CaseState: Int] = [.draft: 0]
        var frontier: [CaseState] = [.draft]
        while !frontier.isEmpty {
            var next: [CaseState] = []
            for state in frontier {
                for rule in definition.transitions where rule.from == state && distance[rule.to] == nil && !rule.to.isTerminal {
                    distance[rule.to] = distance[state]! + 1
                    next.append(rule.to)
                }
            }
            frontier = next
        }
        let states = definition.states
        let lastOpenColumn = states.compactMap { distance[$0] }.max() ?? 0
        var columnOf: [CaseState: Int] = [:]
        for state in states {
            columnOf[state] = state.isTerminal ? lastOpenColumn + 1 : (distance[state] ?? lastOpenColumn)
        }
        var places: [CaseState: Place] = [:]
        var rowsUsed: [Int: Int] = [:]
        for state in states {   // CaseState order within a column
            let column = columnOf[state]!
            places[state] = Place(column: column, row: rowsUsed[column, default: 0])
            rowsUsed[column, default: 0] += 1
        }
        self.places = places
        columns = (columnOf.values.max() ?? 0) + 1
        rows = rowsUsed.values.max() ?? 0
    }
}
