import ArgumentParser
import Foundation
import PermitCore
import PermitStore

extension CivilDate: ExpressibleByArgument {
    /// Parses a strict `YYYY-MM-DD` that names a real day.
    public init?(argument: String) {
        self.init(iso: argument)
    }
}

extension TalentCategory: ExpressibleByArgument {}
extension CaseState: ExpressibleByArgument {}
extension StaffRole: ExpressibleByArgument {
    /// The roles a person may be given (`system` is the worker's alone).
    public static var allValueStrings: [String] { ["clerk", "caseworker", "supervisor"] }
}
extension WorkflowKind: ExpressibleByArgument {}
extension ParkRegistry.List: ExpressibleByArgument {}

/// A UUID typed on the command line (case, applicant ids).
struct Identifier: ExpressibleByArgument, Sendable, CustomStringConvertible {
    /// The id.
    let value: UUID

    init?(argument: String) {
        guard let value = UUID(uuidString: argument.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.value = value
    }

    var description: String { value.uuidString.lowercased() }
}

/// A comma-separated list of destinations: `HK`, `MO` or `HK,MO`.
struct DestinationList: ExpressibleByArgument, Sendable {
    /// The destinations, each once.
    let values: [Destination]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        let parsed = parts.compactMap(Destination.init(rawValue:))
        guard !parts.isEmpty, parsed.count == parts.count, Set(parsed).count == parsed.count else { return nil }
        values = parsed.sorted()
    }
}

/// A comma-separated list of document kinds, e.g. `employment-certificate,title-certificate`.
struct DocumentList: ExpressibleByArgument, Sendable {
    /// The document kinds, each once.
    let values: [DocumentKind]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let parsed = parts.compactMap(DocumentKind.init(rawValue:))
        guard !parts.isEmpty, parsed.count == parts.count, Set(parsed).count == parsed.count else { return nil }
        values = parsed.sorted()
    }

    static var allValueStrings: [String] { DocumentKind.allCases.map(\.rawValue) }
}

/// Output format of `permit diagram`.
enum DiagramFormat: String, ExpressibleByArgument, CaseIterable {
    case mermaid
    case dot
}
