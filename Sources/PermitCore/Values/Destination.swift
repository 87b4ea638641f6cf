/// Where an endorsement lets its holder travel: each destination is a separate endorsement with its own fee.
public enum Destination: String, CaseIterable, Codable, Sendable, Comparable {
    /// Hong Kong SAR.
    case hongKong = "HK"
    /// Macao SAR.
    case macao = "MO"

    /// Orders Hong Kong before Macao (the order endorsements are printed in).
    public static func < (lhs: Destination, rhs: Destination) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The English name.
    public var displayName: String {
        switch self {
        case .hongKong: return "Hong Kong"
        case .macao: return "Macao"
        }
    }
}
