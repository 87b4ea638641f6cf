import CLibPQ
import Glibc

extension PostgresConnection {
    /// Whether an idle connection can be lent again: open, not in a transaction, and its socket shows no sign of
    /// the server having closed it (pending notifications are read and discarded).
    func isReusable() -> Bool {
        guard let handle, !isBroken, queued.isEmpty, !inTransactionBlock, PQtransactionStatus(handle) == PQTRANS_IDLE else { return false }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return true }
        // Something arrived while idle: a notification, or a shutdown message followed by EOF.
        for _ in 0..<2 {
            guard PQconsumeInput(handle) == 1 else { return false }
            _ = PQisBusy(handle)
            while let notification = PQnotifies(handle) { PQfreemem(notification) }
        }
        return PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }
}

extension PostgresConnection {
    /// True when the server asked for a password and libpq sent one (scram-sha-256, md5, password), false under
    /// trust or peer authentication, where the server did not check who is at the other end.
    public var passwordWasChecked: Bool {
        handle.map { PQconnectionUsedPassword($0) == 1 } ?? false
    }
}
