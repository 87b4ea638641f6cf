/// Errors from starting the local cluster, saying what failed and what to do (e.g. install postgresql).
public struct LocalClusterError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What failed and what to do about it.
    public var message: String

    /// Creates an error with its explanation.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
