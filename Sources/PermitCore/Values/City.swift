/// A Mainland city that may be an applicant's place of work; region membership is policy data.
public struct City: Codable, Sendable, Hashable {
    /// Lowercase ASCII pinyin key without spaces or apostrophes ("guangzhou", "xian", "taizhou_js").
    public var key: String
    /// English display name.
    public var nameEN: String
    /// Chinese display name.
    public var nameZH: String
    /// The province (or municipality) in English.
    public var province: String

    /// Makes a city.
    public init(key: String, nameEN: String, nameZH: String, province: String) {
        self.key = key
        self.nameEN = nameEN
        self.nameZH = nameZH
        self.province = province
    }
}
