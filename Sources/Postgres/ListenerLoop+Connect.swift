import CLibPQ
import Foundation
import Glibc

extension ListenerLoop {
    /// Connects without blocking `stop()` (PQconnectStartParams + PQconnectPoll, waiting in poll() on the socket
    /// and the wake pipe) and LISTENs on every channel. Returns nil when stopped meanwhile.
    func connectAndListen() throws -> OpaquePointer? {
        guard let connection = try connectInterruptibly() else { return nil }
        notices.install(on: connection)
        var statements: [String] = []
        for channel in channels {
            guard let quoted = PQescapeIdentifier(connection, channel, channel.utf8.count) else {
                let reason = String(cString: PQerrorMessage(connection)).trimmingWhitespace
                PQfinish(connection)
                throw PostgresError(code: .protocolViolation, message: "cannot quote channel name \"\(channel)\": \(reason)")
            }
            statements.append("LISTEN \(String(cString: quoted))")
            PQfreemem(quoted)
        }
        guard !statements.isEmpty else { return connection }
        let result = PQexec(connection, statements.joined(separator: "; "))
        defer { PQclear(result) }
        guard let result, PQresultStatus(result) == PGRES_COMMAND_OK else {
            let error = PostgresResult.error(from: result, connection: connection)
            PQfinish(connection)
            throw error
        }
        return connection
    }

    private func connectInterruptibly() throws -> OpaquePointer? {
        func failure(_ reason: String) -> PostgresError {
            PostgresError(code: .connectionFailed, message: "the database cannot be reached at \(configuration): \(reason)")
        }
        guard let connection = LibPQConnect.start(configuration) else {
            throw failure("libpq could not allocate a connection")
        }
        let timeout = configuration.connectTimeoutSeconds > 0 ? Double(configuration.connectTimeoutSeconds) : 3600
        let deadline = Date().addingTimeInterval(timeout)
        var status = PQstatus(connection) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING
        while true {
            switch status {
            case PGRES_POLLING_OK:
                return connection
            case PGRES_POLLING_FAILED:
                let reason = String(cString: PQerrorMessage(connection)).trimmingWhitespace
                PQfinish(connection)
                throw failure(reason)
            default:
                let remaining = deadline.timeIntervalSinceNow
                guard remaining > 0 else {
                    PQfinish(connection)
                    throw failure("no answer within \(configuration.connectTimeoutSeconds) s")
                }
                let events = status == PGRES_POLLING_READING ? POLLIN : POLLOUT
                _ = waitForWake(socket: PQsocket(connection), events: Int32(events), timeoutMilliseconds: Int32(min(remaining * 1000 + 1, 60_000)))
                if isStopped {
                    PQfinish(connection)
                    return nil
                }
                status = PQconnectPoll(connection)
            }
        }
    }
}
