/// A query whose interpolated values become $1, $2… text parameters (never spliced into SQL).
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The SQL text with `$n` placeholders.
    public var sql: String
    /// The parameter values in text format; nil is NULL.
    public var binds: [String?]

    /// Creates a query from SQL you wrote (not from user input) and its parameters.
    public init(unsafeSQL sql: String, binds: [String?] = []) {
        self.sql = sql
        self.binds = binds
    }

    /// A query with no parameters.
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    /// A query built by interpolation: every interpolated value becomes a parameter.
    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// The SQL and the number of parameters (values are not shown: they may be personal data).
    public var description: String { binds.isEmpty ? sql : "\(sql) [\(binds.count) parameters]" }

    /// Builds SQL text and parameters from a string interpolation.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String
        var binds: [String?]

        /// Reserves room for the literal text.
        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        /// Appends SQL text.
        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Appends a `$n` placeholder bound to the value.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bind(value.postgresText)
        }

        /// Appends a `$n` placeholder bound to the value, or to NULL when nil.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            bind(value?.postgresText)
        }

        /// Appends one text-array parameter such as `{"a","b"}`; use it as `$n::text[]` (or another array cast).
        public mutating func appendInterpolation(_ values: [some PostgresEncodable]) {
            bind(PostgresArrayLiteral.text(values.map(\.postgresText)))
        }

        /// Appends SQL text as-is: only for code constants (identifiers, ORDER BY from an enum), never user input.
        public mutating func appendInterpolation(unescaped fragment: String) {
            sql += fragment
        }

        private mutating func bind(_ text: String?) {
            binds.append(text)
            sql += "$\(binds.count)"
        }
    }
}

/// PostgreSQL array literals in text format.
enum PostgresArrayLiteral {
    /// `{"a","b"}` with every element double-quoted and `"`/`\` escaped.
    static func text(_ elements: [String]) -> String {
        var out = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            for character in element {
                if character == "\"" || character == "\\" { out += "\\" }
                out.append(character)
            }
            out += "\""
        }
        return out + "}"
    }
}
