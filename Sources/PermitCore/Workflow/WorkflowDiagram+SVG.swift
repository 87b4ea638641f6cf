/// The workflow drawn as an SVG picture (no script, no fonts to fetch), with one case's path marked.
extension WorkflowDiagram {
    private static func esc(_ text: String) -> String { text.markupEscaped }

    /// What to mark on the picture: the transitions a case took and where it stands.
    public struct CasePath: Sendable, Equatable {
        /// (from, to) of each transition the case took, self-loops included.
        public var steps: [(from: CaseState, to: CaseState)]
        /// The state the case is in now.
        public var current: CaseState?

        /// Creates a path.
        public init(steps: [(from: CaseState, to: CaseState)] = [], current: CaseState? = nil) {
            self.steps = steps
            self.current = current
        }

        public static func == (lhs: CasePath, rhs: CasePath) -> Bool {
            lhs.current == rhs.current && lhs.steps.map(\.from) == rhs.steps.map(\.from) && lhs.steps.map(\.to) == rhs.steps.map(\.to)
        }
    }

    static let boxWidth = 150, boxHeight = 32, columnGap = 56, rowGap = 30, margin = 16

    /// An `<svg>` element: states as boxes (the current one bold, visited ones shaded), one arrow per pair of states
    /// (events named in its tooltip), the case's steps drawn thick; withdrawals are faint unless taken.
    public static func svg(_ definition: WorkflowDefinition, path: CasePath = CasePath()) -> String {
        let layout = WorkflowLayout(definition)
        let width = margin * 2 + layout.columns * boxWidth + (layout.columns - 1) * columnGap
        let height = margin * 2 + layout.rows * boxHeight + (layout.rows - 1) * rowGap + 24
        let taken = Set(path.steps.map { "\($0.from.rawValue)>\($0.to.rawValue)" })
        let visited = Set(path.steps.flatMap { [$0.from, $0.to] } + (path.current.map { [$0] } ?? []))
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"workflow\" width=\"\(width)\" height=\"\(height)\" "
                   + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"workflow \(esc(definition.version))\">",
                   "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" "
                   + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker></defs>"]
        var pairs: [(from: CaseState, to: CaseState, events: [String])] = []
        for rule in definition.transitions where rule.from != rule.to {
            if let index = pairs.firstIndex(where: { $0.from == rule.from && $0.to == rule.to }) {
                if !pairs[index].events.contains(rule.event.rawValue) { pairs[index].events.append(rule.event.rawValue) }
            } else {
                pairs.append((rule.from, rule.to, [rule.event.rawValue]))
            }
        }
        for pair in pairs {
            guard let from = layout.places[pair.from], let to = layout.places[pair.to] else { continue }
            let isTaken = taken.contains("\(pair.from.rawValue)>\(pair.to.rawValue)")
            let faint = pair.to == .withdrawn && !isTaken
            let style = isTaken ? "stroke=\"#1d4ed8\" stroke-width=\"3\"" : faint ? "stroke=\"#d1d5db\" stroke-width=\"1\"" : "stroke=\"#6b7280\" stroke-width=\"1.2\""
            out.append("<path class=\"edge\(isTaken ? " taken" : "")\" d=\"\(curve(from: from, to: to))\" fill=\"none\" \(style) "
                       + "marker-end=\"url(#arrow)\"><title>\(esc(pair.from.rawValue)) → \(esc(pair.to.rawValue)): "
                       + "\(esc(pair.events.joined(separator: ", ")))</title></path>")
        }
        for state in definition.states {
            guard let place = layout.places[state] else { continue }
            let (x, y) = origin(place)
            let isCurrent = state == path.current
            let fill = isCurrent ? "#1d4ed8" : visited.contains(state) ? "#dbeafe" : state.isTerminal ? "#f3f4f6" : "#ffffff"
            let text = isCurrent ? "#ffffff" : "#111827"
            out.append("<g class=\"state\(isCurrent ? " current" : "")\" data-state=\"\(state.rawValue)\">"
                       + "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(boxWidth)\" height=\"\(boxHeight)\" rx=\"\(state.isTerminal ? 16 : 6)\" "
                       + "fill=\"\(fill)\" stroke=\"#374151\" stroke-width=\"\(isCurrent ? 2.5 : 1)\"/>"
                       + "<text x=\"\(x + boxWidth / 2)\" y=\"\(y + boxHeight / 2 + 5)\" text-anchor=\"middle\" font-family=\"sans-serif\" "
                       + "font-size=\"13\" fill=\"\(text)\"\(isCurrent ? " font-weight=\"bold\"" : "")>\(esc(state.rawValue))</text></g>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    private static func origin(_ place: WorkflowLayout.Place) -> (x: Int, y: Int) {
        (margin + place.column * (boxWidth + columnGap), margin + place.row * (boxHeight + rowGap))
    }

    /// A forward edge leaves a box's right side for the next box's left side; an edge within a column runs straight
    /// between the two boxes; an edge back leaves the bottom and bends below both boxes.
    private static func curve(from: WorkflowLayout.Place, to: WorkflowLayout.Place) -> String {
        let (fx, fy) = origin(from)
        let (tx, ty) = origin(to)
        if to.column > from.column {
            let (x1, y1, x2, y2) = (fx + boxWidth, fy + boxHeight / 2, tx, ty + boxHeight / 2)
            let bend = max((x2 - x1) / 2, 20)
            return "M\(x1),\(y1) C\(x1 + bend),\(y1) \(x2 - bend),\(y2) \(x2),\(y2)"
        }
        if to.column == from.column && to.row != from.row {
            // Within a column: straight down (or up) between the boxes, a little off centre.
            let down = to.row > from.row
            let x = fx + boxWidth / 2 + (down ? -20 : 20)
            return "M\(x),\(down ? fy + boxHeight : fy) L\(x),\(down ? ty : ty + boxHeight)"
        }
        let (x1, y1, x2, y2) = (fx + boxWidth / 2 - 12, fy + boxHeight, tx + boxWidth / 2 + 12, ty + boxHeight)
        let dip = max(y1, y2) + rowGap - 4
        return "M\(x1),\(y1) C\(x1),\(dip) \(x2),\(dip) \(x2),\(y2)"
    }
}
