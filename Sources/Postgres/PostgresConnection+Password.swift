import CLibPQ

extension PostgresConnection {
    /// The SCRAM-SHA-256 verifier of `password` for `user`, computed here by libpq (PQencryptPasswordConn), so the
    /// password itself never travels to the server or into its logs.
    public func scramVerifier(password: String, user: String) throws -> String {
        let handle = try openHandle()
        guard let encrypted = PQencryptPasswordConn(handle, password, user, "scram-sha-256") else {
            throw PostgresError(code: .protocolViolation,
                                message: "libpq could not compute a password verifier: \(String(cString: PQerrorMessage(handle)).trimmingWhitespace)")
        }
        defer { PQfreemem(encrypted) }
        return String(cString: encrypted)
    }
}
