import CLibPQ
import Dispatch
import Synchronization

/// Sends libpq cancel requests for a connection from any thread (PQcancel is thread-safe); freed on close.
final class QueryCanceller: Sendable {
    private let cancel: Mutex<OpaquePointer?>

    init(connection: OpaquePointer) {
        // The PGcancel object is independent of the connection and only ever touched under the mutex.
        nonisolated(unsafe) let pointer = PQgetCancel(connection)
        cancel = Mutex(pointer)
    }

    /// Asks the server to cancel whatever the connection is running, from a dispatch queue (PQcancel blocks briefly).
    func requestCancel() {
        DispatchQueue(label: "permitflow.postgres.cancel").async { [self] in
            cancel.withLock { pointer in
                guard let pointer else { return }
                var message = [CChar](repeating: 0, count: 256)
                _ = PQcancel(pointer, &message, Int32(message.count))
            }
        }
    }

    /// Frees the cancel object; later requests do nothing.
    func invalidate() {
        cancel.withLock { pointer in
            if let current = pointer { PQfreeCancel(current) }
            pointer = nil
        }
    }

    deinit {
        invalidate()
    }
}
