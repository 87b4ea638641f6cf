import CLibPQ
import Foundation

/// Connection settings: a libpq conninfo string or a postgres:// URL, plus a connect timeout.
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// The libpq connection string or URL, passed to libpq as-is.
    public var conninfo: String
    /// Seconds libpq waits for the server before giving up (applied as `connect_timeout`).
    public var connectTimeoutSeconds: Int

    /// Creates settings from a conninfo string (`host=… dbname=…`) or a `postgres://` URL.
    public init(conninfo: String, connectTimeoutSeconds: Int = 5) {
        self.conninfo = conninfo
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    /// Where this configuration connects, with any password left out.
    public var description: String {
        guard let options = ConninfoOptions(parsing: conninfo) else {
            return "an unparseable connection string (\(ConninfoOptions.maskingPasswords(in: conninfo)))"
        }
        var parts: [String] = []
        for key in ["host", "hostaddr", "port", "user", "dbname"] {
            if let value = options[key], !value.isEmpty { parts.append("\(key)=\(value)") }
        }
        return parts.isEmpty ? "the libpq defaults" : parts.joined(separator: " ")
    }

    /// The login this configuration names (`user=` or the URL's user), if it names one; libpq otherwise uses
    /// PGUSER or the operating-system user.
    public var user: String? {
        ConninfoOptions(parsing: conninfo)?["user"]
    }

    /// Same server and database, as another login (and its password, kept in memory only); nil leaves the login to
    /// libpq's defaults (PGUSER, else the operating-system user).
    public func login(_ user: String?, password: String? = nil) -> PostgresConfiguration {
        var copy = self
        var options = ConninfoOptions(parsing: conninfo) ?? ConninfoOptions(pairs: [])
        options["user"] = user
        if let password { options["password"] = password }
        copy.conninfo = options.conninfo
        return copy
    }

    /// Same server and database, signed in as `user` with `password` (libpq checks it with the server; the
    /// password is never part of `description`). Sessions default to read-only transactions when `readOnly`.
    public func signingIn(as user: String, password: String, readOnly: Bool = false) -> PostgresConfiguration {
        var copy = login(user, password: password)
        guard readOnly, var options = ConninfoOptions(parsing: copy.conninfo) else { return copy }
        options["options"] = "-c default_transaction_read_only=on"
        copy.conninfo = options.conninfo
        return copy
    }

    /// Same server, another database name (used for per-suite test databases and for CREATE DATABASE from `postgres`).
    public func database(_ name: String) -> PostgresConfiguration {
        var copy = self
        if var options = ConninfoOptions(parsing: conninfo) {
            options["dbname"] = name
            copy.conninfo = options.conninfo
        } else {
            copy.conninfo = conninfo + " dbname=" + ConninfoOptions.quoted(name)
        }
        return copy
    }
}

/// The explicitly set options of a conninfo string or URL, in libpq's own order.
struct ConninfoOptions {
    private(set) var pairs: [(key: String, value: String)]

    init(pairs: [(key: String, value: String)]) {
        self.pairs = pairs
    }

    /// Parses with `PQconninfoParse`; nil when libpq rejects the string.
    init?(parsing conninfo: String) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(conninfo, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            return nil
        }
        defer { PQconninfoFree(parsed) }
        var pairs: [(key: String, value: String)] = []
        var cursor = parsed
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val {
                pairs.append((String(cString: keyword), String(cString: value)))
            }
            cursor += 1
        }
        self.pairs = pairs
    }

    subscript(key: String) -> String? {
        get { pairs.first { $0.key == key }?.value }
        set {
            pairs.removeAll { $0.key == key }
            if let newValue { pairs.append((key, newValue)) }
        }
    }

    /// The options as a `key='value'` conninfo string.
    var conninfo: String {
        pairs.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
    }

    /// Quotes a conninfo value: single quotes, with backslash and quote escaped.
    static func quoted(_ value: String) -> String {
        var out = "'"
        for character in value {
            if character == "\\" || character == "'" { out.append("\\") }
            out.append(character)
        }
        return out + "'"
    }

    /// Replaces passwords in a raw conninfo or URL with `***` (used only when libpq cannot parse it).
    static func maskingPasswords(in conninfo: String) -> String {
        var text = conninfo
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") {
            let userInfo = text[scheme.upperBound..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for index in words.indices where words[index].lowercased().hasPrefix("password=") {
            words[index] = "password=***"
        }
        text = words.joined(separator: " ")
        if let query = text.range(of: "?"),
           let range = text.range(of: "password=", options: .caseInsensitive, range: query.upperBound..<text.endIndex) {
            let end = text[range.upperBound...].firstIndex(of: "&") ?? text.endIndex
            text.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return text
    }
}
