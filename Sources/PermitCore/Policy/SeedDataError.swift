/// Why a policy or calendar file could not be loaded: a stable code and a message naming the problem.
public struct SeedDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable code, e.g. `policy_version_duplicate`.
    public var code: String
    /// What is wrong, and where.
    public var message: String

    /// Makes an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
