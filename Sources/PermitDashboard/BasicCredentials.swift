import Foundation

/// The login and password of an HTTP Basic `Authorization` header (RFC 7617).
struct BasicCredentials: Sendable, Equatable {
    /// The PostgreSQL login.
    let login: String
    /// The password, as typed.
    let password: String

    /// Parses `Basic base64(login:password)`; nil for any other scheme or a malformed value.
    init?(header: String) {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        login = String(text[..<colon])
        password = String(text[text.index(after: colon)...])
    }

    init(login: String, password: String) {
        self.login = login
        self.password = password
    }
}
