import CLibPQ

/// Opening a raw libpq connection (blocking; call it off the cooperative pool).
enum LibPQConnect {
    /// Connects with the configuration's conninfo, its connect timeout, UTF-8 and an application name;
    /// routes its notices to `notices` (keep it alive as long as the handle); returns an OK handle or throws `.connectionFailed` naming where it tried (the handle is finished on failure).
    /// Starts a non-blocking connection attempt (PQconnectStartParams); drive it with PQconnectPoll.
    static func start(_ configuration: PostgresConfiguration) -> OpaquePointer? {
        withParameters(configuration) { PQconnectStartParams($0, $1, 1) }
    }

    static func open(_ configuration: PostgresConfiguration, notices: NoticeLogger) throws -> OpaquePointer {
        let connection = withParameters(configuration) { PQconnectdbParams($0, $1, 1) }
        guard let connection else {
            throw PostgresError(
                code: .connectionFailed,
                message: "the database cannot be reached at \(configuration): libpq could not allocate a connection"
            )
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(connection)).trimmingWhitespace
            let needsPassword = PQconnectionNeedsPassword(connection) == 1
            PQfinish(connection)
            if needsPassword {
                throw PostgresError(code: .passwordRequired, message: "\(configuration) asks for a password and none was given")
            }
            if LoginRefusal.matches(reason) {
                throw PostgresError(code: .authenticationFailed, message: "the login was refused at \(configuration): \(reason)")
            }
            throw PostgresError(code: .connectionFailed, message: "the database cannot be reached at \(configuration): \(reason)")
        }
        notices.install(on: connection)
        return connection
    }

    /// The conninfo (expanded as `dbname`), its connect timeout, UTF-8 and an application name as keyword/value arrays.
    private static func withParameters<R>(
        _ configuration: PostgresConfiguration,
        _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> R
    ) -> R {
        let keywords = CStringArray(["dbname", "connect_timeout", "client_encoding", "fallback_application_name"])
        let values = CStringArray([
            configuration.conninfo, String(max(configuration.connectTimeoutSeconds, 0)), "UTF8", "permitflow",
        ])
        return keywords.withPointers { keywordPointers in
            values.withPointers { valuePointers in body(keywordPointers, valuePointers) }
        }
    }
}

/// Recognises libpq's messages for a refused login (as opposed to a server that cannot be reached).
enum LoginRefusal {
    static let phrases = [
        "password authentication failed", "peer authentication failed", "certificate authentication failed",
        "is not permitted to log in", "pg_hba.conf", "do not match", "no password supplied",
        "permission denied for database",
    ]

    /// True for a refused login; a missing *database* (`database "x" does not exist`) is not one, a missing role is.
    static func matches(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return phrases.contains { lowered.contains($0) } || (lowered.contains("role \"") && lowered.contains("does not exist"))
    }
}
