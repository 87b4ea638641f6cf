import PermitStore
import Synchronization

/// What a worker run did: jobs completed, failed and postponed, and the daily sweeps it ran.
public struct WorkerRunSummary: Sendable, Codable, Equatable {
    /// Jobs marked done (including no-ops because the case had moved on).
    public var jobsCompleted: Int
    /// Failed attempts (queued again with backoff, or dead after the last one).
    public var jobsFailed: Int
    /// Jobs put back for later without a failure (awaiting a new EEP, a conflict retried soon).
    public var jobsPostponed: Int
    /// The daily sweeps this run performed (none when another worker already swept that day).
    public var sweeps: [SweepReport]

    /// Creates a summary.
    public init(jobsCompleted: Int = 0, jobsFailed: Int = 0, jobsPostponed: Int = 0, sweeps: [SweepReport] = []) {
        self.jobsCompleted = jobsCompleted
        self.jobsFailed = jobsFailed
        self.jobsPostponed = jobsPostponed
        self.sweeps = sweeps
    }
}

/// What happened to one claimed job.
enum JobOutcome: Sendable, Equatable {
    /// Done (its work committed with the completion).
    case completed
    /// Put back for later, not counted as a failure.
    case postponed
    /// A failed attempt was recorded; the job is queued again with backoff.
    case failed
    /// The last attempt failed: the job is dead.
    case dead
    /// The lease was lost (another worker took the job over); nothing was committed.
    case leaseLost
    /// The connection broke (the database went away) or the worker stopped mid-job (its task cancelled): nothing was
    /// committed, or (when the connection broke during a shared COMMIT) whether it was is unknown; the lease will
    /// expire, and a job not done runs again.
    case interrupted
}

/// The running totals of a worker, shared by its lanes.
final class RunTally: Sendable {
    private let summary = Mutex(WorkerRunSummary())

    /// Counts one job's outcome.
    func record(_ outcome: JobOutcome) {
        summary.withLock { summary in
            switch outcome {
            case .completed: summary.jobsCompleted += 1
            case .postponed: summary.jobsPostponed += 1
            case .failed, .dead: summary.jobsFailed += 1
            case .leaseLost, .interrupted: break
            }
        }
    }

    /// Adds a sweep's report.
    func record(_ sweep: SweepReport) {
        summary.withLock { $0.sweeps.append(sweep) }
    }

    /// The totals so far.
    var current: WorkerRunSummary { summary.withLock { $0 } }
}
