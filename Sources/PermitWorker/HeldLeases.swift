import PermitStore
import Synchronization

/// The jobs this worker holds under a lease (claimed, not yet finished), for the heartbeat.
final class HeldLeases: Sendable {
    private let held = Mutex<[Int64: Int64]>([:])

    /// Starts tracking claimed jobs.
    func add(_ jobs: [ClaimedJob]) {
        held.withLock { held in
            for job in jobs { held[job.id] = job.leaseToken }
        }
    }

    /// Stops tracking a finished job.
    func remove(_ job: ClaimedJob) {
        _ = held.withLock { $0.removeValue(forKey: job.id) }
    }

    /// The (id, token) pairs held now.
    var snapshot: [(id: Int64, token: Int64)] {
        held.withLock { held in held.map { (id: $0.key, token: $0.value) } }
    }
}
