/// The talent category an application is made under (NIA announcements of 9 Feb 2023 and 3 Nov 2025).
///
/// Validity, documents and eligibility per category are policy data (`CategoryRule`), not code.
public enum TalentCategory: String, CaseIterable, Codable, Sendable {
    /// Top talent with major contributions, or urgently needed by the region (5 years).
    case outstanding
    /// Research-institution staff, associate-senior title or higher (3 years).
    case research
    /// Higher-education staff, associate-senior title or higher (3 years).
    case education
    /// Health professionals and researchers, associate-senior or higher (3 years).
    case health
    /// Arbitrators and mediators on an official list (1 year).
    case legal
    /// Managers and professionals recognised by the region's talent or S&T authorities (1 year).
    case other
    /// Registered talent of the Hetao Shenzhen Park (3 years; eligibility is a registry lookup).
    case hetaoPark = "hetao_park"

    /// The workflow a case in this category runs under.
    public var workflowKind: WorkflowKind {
        self == .hetaoPark ? .hetao : .standard
    }
}
