import Foundation
import Glibc
import Logging
import Postgres
import Synchronization

/// The one test cluster shared by all suites (and concurrent test processes): /tmp/permitflow-test-<uid>/cluster
/// (or `PERMIT_TEST_CLUSTER_DIR`), started once, fast-durability; never stopped by tests.
public enum TestCluster {
    /// The shared cluster's location and settings.
    public static let cluster = LocalCluster(directory: directory, durability: .fastTestsOnly,
                                             operatorRoles: ["postgres", "permit_local_worker"])

    /// `PERMIT_TEST_CLUSTER_DIR` when set (two checkouts testing at once keep apart), else /tmp/permitflow-test-<uid>/cluster.
    static var directory: URL {
        if let custom = ProcessInfo.processInfo.environment["PERMIT_TEST_CLUSTER_DIR"], !custom.isEmpty {
            return URL(fileURLWithPath: custom, isDirectory: true)
        }
        return URL(fileURLWithPath: "/tmp/permitflow-test-\(getuid())/cluster")
    }

    private static let startup = Mutex<Task<Void, any Error>?>(nil)

    /// The shared cluster, created and started on first use in this process (later calls reuse that start).
    public static func shared() async throws -> LocalCluster {
        let task = startup.withLock { task in
            if let task { return task }
            let started = Task<Void, any Error> {
                _ = try await cluster.ensureRunning(database: "postgres", logger: Logger(label: "permitflow.test-cluster"))
            }
            task = started
            return started
        }
        do {
            try await task.value
        } catch {
            startup.withLock { $0 = nil }
            throw error
        }
        return cluster
    }

    /// `PERMIT_TEST_DATABASE_URL`: when set, test databases are created on that server instead of the local cluster.
    public static var conninfoOverride: String? {
        guard let value = ProcessInfo.processInfo.environment["PERMIT_TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }
}

extension LocalCluster {
    /// `restart()` run on its own dispatch queue, so tests do not block the cooperative pool for the second it takes.
    public func restartOffPool() async throws {
        let cluster = self
        try await offPool { try cluster.restart() }
    }

    /// `stop(mode:)` run on a dispatch queue.
    public func stopOffPool(mode: String = "fast") async throws {
        let cluster = self
        try await offPool { try cluster.stop(mode: mode) }
    }

    private func offPool(_ work: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue(label: "permitflow.test-cluster.blocking").async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
