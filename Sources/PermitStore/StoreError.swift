import PermitCore

/// Why the store did not do what was asked; the code says how a caller should react.
public struct StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable kind of store failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        /// The stable name of the code.
        public var description: String { raw }
        /// Something named by the caller (a case, applicant, employer, person) does not exist.
        public static let notFound = Code(raw: "not_found")
        /// A value given by the caller is malformed or impossible; `field` names it.
        public static let invalidInput = Code(raw: "invalid_input")
        /// A rule of the policy or workflow refused the change; `refusal` says which.
        public static let refused = Code(raw: "refused")
        /// The case changed under the caller (another writer won); load it again and retry.
        public static let conflict = Code(raw: "conflict")
        /// The database cannot be reached.
        public static let unavailable = Code(raw: "unavailable")
        /// The server refused the login (no password given, a wrong or expired one, no such login).
        public static let unauthenticated = Code(raw: "unauthenticated")
        /// The data needed to decide is missing (e.g. no policy loaded: run `permit seed`).
        public static let notReady = Code(raw: "not_ready")
        /// The database failed in a way no caller can fix; the message carries its error.
        public static let failed = Code(raw: "failed")
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and what to do, for people.
    public var message: String
    /// The input field at fault, for `invalidInput`.
    public var field: String?
    /// The rule that refused, for `refused`.
    public var refusal: Refusal?

    /// Creates a store error.
    public init(_ code: Code, _ message: String, field: String? = nil, refusal: Refusal? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.refusal = refusal
    }

    /// A rule's refusal as a store error.
    public static func refused(_ refusal: Refusal) -> StoreError {
        StoreError(.refused, "refused (\(refusal.code)): \(refusal.message)", refusal: refusal)
    }

    /// Bad input in a named field.
    public static func invalid(_ field: String, _ message: String) -> StoreError {
        StoreError(.invalidInput, "\(field): \(message)", field: field)
    }

    /// The message.
    public var description: String { message }
}
