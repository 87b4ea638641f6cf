/// An exit-entry office, named by the city whose exit-entry administration it belongs to.
///
/// Key format: `<city>` for the municipal office or `<city>.<branch>` for a branch office
/// ("shenzhen", "shenzhen.futian"). Jurisdiction follows the city part.
public struct Office: Sendable, Hashable, CustomStringConvertible {
    /// The full key as written on the case.
    public var key: String

    /// Makes an office from its key.
    public init(key: String) {
        self.key = key
    }

    /// The city whose exit-entry administration runs this office.
    public var cityKey: String {
        String(key.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? Substring(key))
    }

    /// The key.
    public var description: String { key }
}
