/// A province-level division of the Mainland: a province, a municipality or an autonomous region.
public struct Province: Codable, Sendable, Hashable {
    /// Lowercase ASCII pinyin key ("jiangsu", "beijing", "guangxi").
    public var key: String
    /// English name.
    public var nameEN: String
    /// Chinese name.
    public var nameZH: String
    /// Province, municipality or autonomous region.
    public var kind: ProvinceKind

    /// Makes a province.
    public init(key: String, nameEN: String, nameZH: String, kind: ProvinceKind) {
        self.key = key
        self.nameEN = nameEN
        self.nameZH = nameZH
        self.kind = kind
    }
}

/// The kinds of province-level division.
public enum ProvinceKind: String, Codable, Sendable, CaseIterable {
    /// A province (省).
    case province
    /// A municipality directly under the central government (直辖市): it is its own one city.
    case municipality
    /// An autonomous region (自治区).
    case autonomousRegion = "autonomous_region"
}
