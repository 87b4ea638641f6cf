import CLibPQ

/// Opening a raw libpq connection (blocking; call it off the cooperative pool).
enum LibPQConnect {
    /// Connects with the configuration's conninfo, its connect timeout, UTF-8 and an application name;
    /// routes its notices to `notices` (keep it alive as long as the handle); returns an OK handle or throws `.connectionFailed` naming where it tried (the handle is finished on failure).
    static func open(_ configuration: PostgresConfiguration, notices: NoticeLogger) throws -> OpaquePointer {
        let keywords = CStringArray(["dbname", "connect_timeout", "client_encoding", "fallback_application_name"])
        let values = CStringArray([
            configuration.conninfo, String(max(configuration.connectTimeoutSeconds, 0)), "UTF8", "permitflow",
        ])
        let connection = keywords.withPointers { keywordPointers in
            values.withPointers { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError(
                code: .connectionFailed,
                message: "the database cannot be reached at \(configuration): libpq could not allocate a connection"
            )
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(connection)).trimmingWhitespace
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: "the database cannot be reached at \(configuration): \(reason)")
        }
        notices.install(on: connection)
        return connection
    }
}
