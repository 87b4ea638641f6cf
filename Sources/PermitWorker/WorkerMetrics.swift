import CoreMetrics
import PermitCore
import PermitStore

/// What the worker counts and times, through swift-metrics: jobs claimed, completed, failed and dead by kind, job
/// durations, shared transactions, lease takeovers, NOTIFY reconnects, and each daily sweep's duration and rows.
///
/// Made from a `MetricsFactory`: the executable's bootstrapped one by default, a test's own registry in tests.
public struct WorkerMetrics: Sendable {
    private let factory: any MetricsFactory

    /// Metrics made by `factory`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Registers the job counters of every known kind at zero, so that rates start from the worker's start.
    func registerKnownKinds() {
        for kind in JobKind.allCases.map(\.rawValue) {
            for label in ["permit_jobs_claimed_total", "permit_jobs_completed_total", "permit_jobs_failed_total", "permit_jobs_dead_total"] {
                Counter(label: label, dimensions: [("kind", kind)], factory: factory).increment(by: 0)
            }
        }
        Counter(label: "permit_lease_takeovers_total", factory: factory).increment(by: 0)
        Counter(label: "permit_notify_reconnects_total", factory: factory).increment(by: 0)
        for outcome in ["committed", "rolled_back", "connection_lost"] {
            Counter(label: "permit_shared_transactions_total", dimensions: [("outcome", outcome)], factory: factory).increment(by: 0)
        }
    }

    /// A lane claimed `job` (a takeover when it took the job from a worker whose lease ran out).
    func claimed(_ job: ClaimedJob) {
        Counter(label: "permit_jobs_claimed_total", dimensions: [("kind", job.kind)], factory: factory).increment()
        if job.isTakeover {
            Counter(label: "permit_lease_takeovers_total", factory: factory).increment()
        }
    }

    /// `job` ended with `outcome` after `duration` (nil when unknown: the connection broke while it committed).
    func finished(_ job: ClaimedJob, outcome: JobOutcome, duration: Duration?) {
        let kind = [("kind", job.kind)]
        switch outcome {
        case .completed:
            Counter(label: "permit_jobs_completed_total", dimensions: kind, factory: factory).increment()
        case .failed:
            Counter(label: "permit_jobs_failed_total", dimensions: kind, factory: factory).increment()
        case .dead:
            Counter(label: "permit_jobs_failed_total", dimensions: kind, factory: factory).increment()
            Counter(label: "permit_jobs_dead_total", dimensions: kind, factory: factory).increment()
        case .postponed, .leaseLost, .interrupted:
            break
        }
        if let duration {
            Timer(label: "permit_job_duration_seconds", dimensions: kind, factory: factory).recordNanoseconds(duration.nanoseconds)
        }
    }

    /// A lane ran its claimed case jobs in one transaction (`JobExecution.runTogether`) and it ended as `run` says.
    func ranTogether(_ run: TogetherRun) {
        let outcome = switch run {
        case .committed: "committed"
        case .rolledBack: "rolled_back"
        case .brokeBeforeCommit, .brokeWhileCommitting: "connection_lost"
        }
        Counter(label: "permit_shared_transactions_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// The NOTIFY listener's connection came back after a loss.
    func listenerReconnected() {
        Counter(label: "permit_notify_reconnects_total", factory: factory).increment()
    }

    /// A daily sweep unit ran for `duration` and touched the rows in `report`.
    func swept(_ kind: String, report: SweepReport, duration: Duration) {
        let sweep = [("sweep", kind)]
        Counter(label: "permit_sweeps_total", dimensions: sweep, factory: factory).increment()
        Timer(label: "permit_sweep_duration_seconds", dimensions: sweep, factory: factory).recordNanoseconds(duration.nanoseconds)
        let rows = [("expired", report.expired), ("voided", report.voided), ("reminded", report.reminders),
                    ("revocation_review", report.revocationReviews)]
        for (outcome, count) in rows where count > 0 {
            Counter(label: "permit_sweep_rows_total", dimensions: sweep + [("outcome", outcome)], factory: factory).increment(by: count)
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
