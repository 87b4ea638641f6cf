/// Why an event (or a calculation) was refused: a stable snake_case code and a message for people.
public struct Refusal: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    /// Stable machine code, e.g. `four_eyes`.
    public var code: String
    /// What was wrong and, where possible, what to do.
    public var message: String

    /// Makes a refusal.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
