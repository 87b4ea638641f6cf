/// A Mainland city that may be an applicant's place of work; which regions contain it follows its province
/// and the regions' areas (see `RegionMembership`).
public struct City: Codable, Sendable, Hashable {
    /// Lowercase ASCII pinyin key without spaces or apostrophes ("guangzhou", "xian", "taizhou_js").
    public var key: String
    /// English display name.
    public var nameEN: String
    /// Chinese display name.
    public var nameZH: String
    /// The key of its province-level division (see `Province`); empty when not known.
    public var province: String

    /// Makes a city.
    public init(key: String, nameEN: String, nameZH: String, province: String) {
        self.key = key
        self.nameEN = nameEN
        self.nameZH = nameZH
        self.province = province
    }

    /// True when `key` is a valid city or province key: lowercase ASCII letters, digits and `_`, 2 to 41
    /// characters, starting with a letter (the database's CHECK says the same).
    public static func isValidKey(_ key: String) -> Bool {
        guard (2...41).contains(key.count), let first = key.first, first.isASCII, first.isLowercase else { return false }
        return key.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }
}
