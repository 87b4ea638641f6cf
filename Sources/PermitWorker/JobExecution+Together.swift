import Foundation
import PermitStore
import Postgres

/// How a lane's claimed jobs fared when run in one transaction (`JobExecution.runTogether`).
enum TogetherRun: Sendable, Equatable {
    /// Every job's work and completion committed at once; each job's time from its start to its work's end.
    case committed([Duration])
    /// A job's work or completion failed (a refusal, a conflict, a lost lease, any error) or the COMMIT was
    /// refused: nothing of any job was committed, and each can run again on its own.
    case rolledBack
    /// The connection broke before the COMMIT was sent: nothing was committed, and the jobs can run elsewhere.
    case brokeBeforeCommit
    /// The connection broke while the COMMIT was in flight: whether it took effect is unknown, so the jobs are left
    /// to their leases (a job that did commit is done; one that did not runs again, fenced, when its lease runs out).
    case brokeWhileCommitting
}

/// A failure inside the shared transaction's body (as opposed to its COMMIT).
private struct TogetherWorkFailed: Error {
    let underlying: any Error
}

extension JobExecution {
    /// Runs `jobs` (case jobs claimed by one lane) in ONE transaction on `connection`: each job's case work, exactly
    /// as `run` does for one job, then one completion of all of them, fenced by every job's lease token, and a
    /// single COMMIT.
    ///
    /// One transaction per lane batch instead of one per job saves a COMMIT's log flush, a BEGIN, a completion
    /// statement and the server's per-transaction set-up for every job but the last. Each job's writes go to the
    /// server in the same flight as the next job's reads, so the batch costs no round trip more than the jobs did
    /// one at a time.
    ///
    /// Only the path where every job completes runs together. Anything else (a refusal, a conflict, a lost lease,
    /// an error, a refused COMMIT) rolls the whole transaction back and says so, and the caller runs the jobs again
    /// one transaction each through `run`, whose handling of each outcome is unchanged: the shared transaction
    /// never decides a job's fate other than completing it.
    func runTogether(_ jobs: [ClaimedJob], asOf fixed: Date?, on connection: PostgresConnection) async -> TogetherRun {
        do {
            let durations = try await connection.transaction { connection -> [Duration] in
                var durations: [Duration] = []
                for job in jobs {
                    let started = ContinuousClock.now
                    do {
                        guard try await handler.perform(job, at: fixed ?? Date(), on: connection) == .complete else {
                            throw JobFailure("job \(job.id) asks to be settled otherwise than completed")
                        }
                    } catch {
                        throw TogetherWorkFailed(underlying: error)
                    }
                    durations.append(ContinuousClock.now - started)
                }
                // One fenced completion for all of them, queued: it goes to the server with the COMMIT.
                try await queue.completeAllWithWork(jobs, on: connection)
                return durations
            }
            for job in jobs { JobLogger(logger: logger, job: job).debug("job done", metadata: ["together": "\(jobs.count)"]) }
            return .committed(durations)
        } catch let failure as TogetherWorkFailed {
            logger.debug("jobs run together rolled back; each runs again on its own",
                         metadata: ["jobs": "\(jobs.count)", "error": "\(failure.underlying)"])
            return Self.brokeTheConnection(failure.underlying) ? .brokeBeforeCommit : .rolledBack
        } catch {
            // The last job's queued writes travel with the COMMIT: a server error there means nothing was committed.
            logger.debug("jobs run together not committed; each runs again on its own",
                         metadata: ["jobs": "\(jobs.count)", "error": "\(error)"])
            return Self.brokeTheConnection(error) ? .brokeWhileCommitting : .rolledBack
        }
    }
}
