import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// The worker's bounded task group: `concurrency` lanes, each claiming a small batch of due jobs
/// (`FOR UPDATE SKIP LOCKED`, under a lease) and running them (case jobs in one transaction when they all
/// complete, else one transaction each), plus the heartbeat that keeps the leases alive. Lanes stop claiming
/// when the stop flag is raised and give back jobs they have not started.
struct JobLanes: Sendable {
    /// Where claims, work and heartbeats run.
    let pool: PostgresPool
    /// The queue with this worker's lease settings.
    let queue: JobQueue
    /// Runs one job.
    let execution: JobExecution
    /// Width, batch, poll and heartbeat settings.
    let settings: WorkerSettings
    /// Jobs held now (for the heartbeat).
    let held = HeldLeases()
    /// Running totals.
    let tally: RunTally
    /// Counters and timers of claims and outcomes.
    let metrics: WorkerMetrics
    /// Wakes idle lanes.
    let wake: WakeSignal
    /// Raised on graceful shutdown.
    let stop: StopFlag
    /// Where worker lines go.
    let logger: Logger

    /// Runs the lanes until the stop flag is raised (the long-running worker).
    func serve() async {
        _ = await run(asOf: nil, drain: false)
    }

    /// Runs the lanes until no lane finds anything due by `asOf` (now when nil); returns the first database error.
    func drain(asOf: Date?) async -> (any Error)? {
        await run(asOf: asOf, drain: true)
    }

    private func run(asOf: Date?, drain: Bool) async -> (any Error)? {
        await withTaskGroup(of: (any Error)?.self) { outer in
            outer.addTask {
                await self.heartbeat()
                return nil
            }
            let firstError = await withTaskGroup(of: (any Error)?.self) { lanes -> (any Error)? in
                for index in 0..<settings.concurrency {
                    lanes.addTask { await self.lane(index, asOf: asOf, drain: drain) }
                }
                var first: (any Error)?
                for await error in lanes where first == nil {
                    first = error
                }
                return first
            }
            outer.cancelAll()
            return firstError
        }
    }

    /// One lane: claim a batch, run it, repeat; idle lanes wait for a notification or the poll timer.
    private func lane(_ index: Int, asOf fixed: Date?, drain: Bool) async -> (any Error)? {
        while !stop.isRaised && !Task.isCancelled {
            // One borrowed connection claims a batch and runs it: no trip through the pool per job.
            let claimed: Int
            let unrun: [ClaimedJob]
            do {
                let asOf = fixed ?? Date()
                (claimed, unrun) = try await pool.withConnection { connection in
                    let jobs = try await queue.claim(limit: settings.claimBatch, worker: settings.workerID, asOf: asOf, on: connection)
                    held.add(jobs)
                    jobs.forEach(metrics.claimed)
                    return (jobs.count, await runBatch(jobs, asOf: fixed, on: connection))
                }
            } catch {
                if drain { return error }
                if stop.isRaised || Task.isCancelled { return nil }
                logger.warning("claiming failed; trying again after the poll interval", metadata: ["lane": "\(index)", "error": "\(error)"])
                await wake.wait(seconds: settings.pollSeconds)
                continue
            }
            // The lane's connection broke mid-batch: the rest runs on fresh connections from the pool.
            if !unrun.isEmpty { _ = await runBatch(unrun, asOf: fixed, on: nil) }
            if claimed == 0 {
                if drain { return nil }
                await wake.wait(seconds: settings.pollSeconds)
            }
        }
        return nil
    }

    /// Runs claimed jobs on `connection` (or the pool when nil); returns the jobs not run because the connection
    /// broke. When the worker is stopping, unstarted jobs are given back instead.
    ///
    /// Case jobs claimed together on a lane's connection first run in one transaction (`runTogether`); if that does
    /// not commit, each runs again in a transaction of its own, where its refusal, conflict or failure is handled.
    /// The jobs that cannot share it (`sharingOneTransaction`) run after, one transaction each.
    func runBatch(_ jobs: [ClaimedJob], asOf fixed: Date?, on connection: PostgresConnection?) async -> [ClaimedJob] {
        let (together, after) = Self.sharingOneTransaction(jobs)
        guard let connection, together.count > 1, !stop.isRaised else { return await runOneByOne(jobs, asOf: fixed, on: connection) }
        let unrun: [ClaimedJob]
        let run = await execution.runTogether(together, asOf: fixed, on: connection)
        metrics.ranTogether(run)
        switch run {
        case .committed(let durations):
            for (job, duration) in zip(together, durations) { finished(job, .completed, duration: duration) }
            unrun = []
        case .rolledBack:
            unrun = await runOneByOne(together, asOf: fixed, on: connection)
        case .brokeBeforeCommit:
            unrun = together
        case .brokeWhileCommitting:
            logger.warning("the connection broke while committing jobs run together; any not committed runs again when its lease runs out",
                           metadata: ["jobs": "\(together.map(\.id))"])
            for job in together { finished(job, .interrupted, duration: nil) }
            return after
        }
        if !unrun.isEmpty { return unrun + after }
        return after.isEmpty ? [] : await runOneByOne(after, asOf: fixed, on: connection)
    }

    /// Splits a claim into the jobs that may share one transaction (case jobs, the first of each case) and those that
    /// run after it, one transaction each: daily sweeps (units of their own), kinds this worker does not know, and a
    /// case's later jobs (two changes of one case in one transaction would fail the database's deferred history
    /// check for the first, and the second often depends on what the first did).
    static func sharingOneTransaction(_ jobs: [ClaimedJob]) -> (together: [ClaimedJob], after: [ClaimedJob]) {
        var cases = Set<UUID>()
        var together: [ClaimedJob] = []
        var after: [ClaimedJob] = []
        for job in jobs {
            if JobKind(rawValue: job.kind)?.readsItsCase == true, let caseID = job.caseID, cases.insert(caseID).inserted {
                together.append(job)
            } else {
                after.append(job)
            }
        }
        return (together, after)
    }

    /// A job's end: no longer held, counted, and (when its time is known) timed.
    private func finished(_ job: ClaimedJob, _ outcome: JobOutcome, duration: Duration?) {
        held.remove(job)
        tally.record(outcome)
        metrics.finished(job, outcome: outcome, duration: duration)
    }

    /// Runs claimed jobs in order, each in a transaction of its own, on `connection` (or the pool when nil).
    private func runOneByOne(_ jobs: [ClaimedJob], asOf fixed: Date?, on connection: PostgresConnection?) async -> [ClaimedJob] {
        for (position, job) in jobs.enumerated() {
            if stop.isRaised {
                await release(Array(jobs[position...]), on: connection)
                return []
            }
            if let connection, position + 1 < jobs.count, let next = jobs[position + 1].caseID,
               JobKind(rawValue: jobs[position + 1].kind)?.readsItsCase == true {
                // The next job's case is read in this job's COMMIT flight: that job starts with its reads done.
                await connection.prefetchAfterCommit(CaseRepository.readQueries(next))
            }
            let started = ContinuousClock.now
            let outcome = await execution.run(job, at: fixed ?? Date(), on: connection)
            finished(job, outcome, duration: ContinuousClock.now - started)
            if outcome == .interrupted, connection != nil {
                return Array(jobs[(position + 1)...])
            }
        }
        return []
    }

    /// Gives unstarted jobs back, on the lane's `connection` when it has one.
    private func release(_ jobs: [ClaimedJob], on connection: PostgresConnection?) async {
        @Sendable func giveBack(on connection: isolated PostgresConnection) async throws {
            for job in jobs { try await queue.release(job, on: connection) }
        }
        do {
            if let connection {
                try await giveBack(on: connection)
            } else {
                try await pool.withConnection(giveBack)
            }
            logger.info("released unstarted jobs", metadata: ["count": "\(jobs.count)"])
        } catch {
            logger.warning("could not release jobs; their leases will expire", metadata: ["error": "\(error)"])
        }
        jobs.forEach(held.remove)
    }

    /// Extends the leases of held jobs every `heartbeatSeconds` until cancelled.
    private func heartbeat() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .milliseconds(Int(settings.heartbeatSeconds * 1000)))
            } catch {
                return
            }
            let jobs = held.snapshot
            guard !jobs.isEmpty else { continue }
            do {
                let kept = try await pool.withConnection { connection in
                    try await queue.heartbeat(jobs, worker: settings.workerID, on: connection)
                }
                // A job finished while the heartbeat ran is not lost; one still held and not extended is.
                let stillHeld = Set(held.snapshot.map(\.id))
                let lost = jobs.filter { stillHeld.contains($0.id) && !kept.contains($0.id) }
                if !lost.isEmpty {
                    logger.warning("leases lost to a takeover", metadata: ["jobs": "\(lost.map(\.id))"])
                }
            } catch {
                logger.warning("heartbeat failed", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension JobKind {
    /// Whether the job's work starts by reading its case through the door (every kind but the daily sweeps).
    var readsItsCase: Bool {
        switch self {
        case .expirySweep, .renewalReminder, .registrationCheck: false
        default: true
        }
    }
}
