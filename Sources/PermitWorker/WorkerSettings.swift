import Foundation

/// How a worker runs: how many jobs at once, how often it polls, and how long its leases last.
public struct WorkerSettings: Sendable, Equatable {
    /// Jobs run at once (the bounded task group's width, one connection each).
    public var concurrency: Int
    /// Seconds between polls when no notification arrives (a lost notification only delays work this long).
    public var pollSeconds: Double
    /// Seconds a claim holds a job without a heartbeat before another worker may take it over.
    public var leaseSeconds: Int
    /// Seconds between heartbeats that extend the leases this worker holds.
    public var heartbeatSeconds: Double
    /// Names this worker in `jobs.leased_by` (default `host:pid`).
    public var workerID: String
    /// Jobs one lane claims at once (fewer round trips; each claimed job is leased and heartbeated).
    public var claimBatch: Int
    /// Seconds between samples of the office gauges (cases by state, queue depth) for the metrics endpoint.
    public var gaugeSeconds: Double

    /// Creates settings; the defaults take over a dead worker's jobs within lease + poll (22 s) of its last heartbeat.
    public init(concurrency: Int = 2, pollSeconds: Double = 2, leaseSeconds: Int = 20, heartbeatSeconds: Double = 5,
                workerID: String = WorkerSettings.defaultWorkerID, claimBatch: Int = 8, gaugeSeconds: Double = 15) {
        self.concurrency = max(1, concurrency)
        self.pollSeconds = max(0.05, pollSeconds)
        self.leaseSeconds = max(1, leaseSeconds)
        self.heartbeatSeconds = max(0.05, heartbeatSeconds)
        self.workerID = workerID
        self.claimBatch = max(1, claimBatch)
        self.gaugeSeconds = max(0.05, gaugeSeconds)
    }

    /// `host:pid` of this process.
    public static var defaultWorkerID: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
