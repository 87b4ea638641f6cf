import Dispatch

/// A serial executor that runs an actor's jobs on its own `DispatchQueue`, so blocking libpq calls
/// never occupy Swift's cooperative thread pool.
final class ConnectionExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async {
            job.runSynchronously(on: executor)
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}

/// Runs blocking work (process launches, file locks, libpq calls outside a connection, terminal reads) on a dispatch
/// queue and awaits it, so that it never holds a thread of Swift's cooperative pool.
public enum BlockingWork {
    /// Each call gets its own serial queue: serial queues drain on libdispatch's overcommit threads, which are
    /// separate from the (width-limited) root queue that Swift's cooperative pool runs on.
    /// Runs `work` on a thread of its own and returns what it returns (or throws what it throws).
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "permitflow.postgres.blocking").async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
