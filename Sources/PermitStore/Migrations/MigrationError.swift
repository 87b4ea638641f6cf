/// Why migrating could not go on; nothing past the failing migration was applied.
public struct MigrationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable kind of migration failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        /// The stable name of the code.
        public var description: String { raw }
        /// The migrations folder does not exist.
        public static let missingDirectory = Code(raw: "missing_directory")
        /// A file in the folder is not named `NNNN_name.sql` or two files share a number.
        public static let badFileName = Code(raw: "bad_file_name")
        /// A migration already applied was edited afterwards.
        public static let changedAfterApply = Code(raw: "changed_after_apply")
        /// The database has a migration applied that no file describes.
        public static let unknownApplied = Code(raw: "unknown_applied")
        /// A migration's SQL failed; it was rolled back.
        public static let failed = Code(raw: "failed")
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and what to do, for people.
    public var message: String

    /// Creates an error with a code and message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
