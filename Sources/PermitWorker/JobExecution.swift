import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// Runs one claimed job: its case work and its completion in ONE transaction, fenced by the claim's token at
/// the end: the completion only matches the job row while the lease token is still this claim's, and when it does
/// not (the lease was lost and another worker took the job over) the whole transaction rolls back, so a worker
/// that lost its lease commits nothing. Fencing at the end costs no extra round trip; the case door's
/// optimistic version keeps two workers that briefly overlap on one job from both changing the case.
struct JobExecution: Sendable {
    /// Where transactions run.
    let pool: PostgresPool
    /// The queue (lease and backoff settings).
    let queue: JobQueue
    /// The work of each job kind.
    let handler: CaseJobHandler
    /// Where job lines go.
    let logger: Logger

    /// Runs `job` as of `now` and records its outcome in the queue, on `connection` (a lane's connection for
    /// its claimed batch) or, when nil, on connections borrowed from the pool.
    func run(_ job: ClaimedJob, at now: Date, on connection: PostgresConnection? = nil) async -> JobOutcome {
        // The job's metadata goes on a logger only when something is logged: setting it on every job costs
        // the stream handler a re-render per key.
        let logger = JobLogger(logger: self.logger, job: job)
        do {
            let outcome = try await transaction(on: connection) { connection -> JobOutcome in
                let disposition = try await handler.perform(job, at: now, on: connection)
                if disposition == .complete {
                    // Queued with the work's writes; a lost lease shows when they are sent, before COMMIT.
                    try await queue.completeWithWork(job, on: connection)
                    return .completed
                }
                let outcome = try await settle(job, disposition, on: connection)
                if outcome == .leaseLost { throw JobLeaseLost(jobID: job.id, token: job.leaseToken) }
                return outcome
            }
            logger.debug("job done")
            return outcome
        } catch is JobLeaseLost {
            return leaseLost(job, logger: logger)
        } catch let error as StoreError where error.code == .refused {
            let refusal = error.refusal ?? Refusal(code: "refused", message: error.message)
            let disposition = handler.disposition(after: refusal, of: job, at: now)
            switch disposition {
            case .postpone(let until, _), .awaitNewEEP(let until, _, _):
                logger.info("job postponed", metadata: ["reason": "\(refusal.code)", "until": "\(until)"])
            case .complete:
                logger.info("job is a no-op: the case moved on", metadata: ["refusal": "\(refusal.code)", "message": "\(refusal.message)"])
            }
            return await settleAlone(job, disposition, on: connection, logger: logger)
        } catch let error as StoreError where error.code == .conflict {
            return await retrySoon(job, because: error.message, at: now, on: connection, logger: logger)
        } catch let error as PostgresError where error.isSerializationFailure || error.isDeadlock {
            return await retrySoon(job, because: error.message, at: now, on: connection, logger: logger)
        } catch let error as PostgresError where Self.brokeTheConnection(error) {
            logger.warning("job interrupted: the database went away; its lease will expire and it runs again",
                           metadata: ["error": "\(error.message)"])
            return .interrupted
        } catch where Self.wasCancelled(error) {
            // Not the job's failure: no attempt is spent, and nobody else took it over.
            logger.info("job interrupted: the worker is stopping; its lease will expire and it runs again")
            return .interrupted
        } catch {
            return await recordFailure(job, error: error, at: now, on: connection, logger: logger)
        }
    }

    /// Whether `error` means the connection is gone (the lane then stops using it).
    static func brokeTheConnection(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        return error.isConnectionLost || error.code == .closed   // isConnectionLost covers a failed connect too
    }

    /// Whether `error` comes from this task being cancelled (the worker stopping): thrown before a statement started,
    /// or the server cancelling the statement it was running at our request.
    static func wasCancelled(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        guard Task.isCancelled, let error = error as? PostgresError else { return false }
        return error.sqlState == SQLState.queryCanceled
    }

    /// A transaction on `connection`, or on a connection borrowed from the pool when nil.
    private func transaction<T: Sendable>(on connection: PostgresConnection?,
                                          _ body: @Sendable (isolated PostgresConnection) async throws -> T) async throws -> T {
        if let connection { return try await connection.transaction(body) }
        return try await pool.withTransaction(body)
    }

    private func settle(_ job: ClaimedJob, _ disposition: JobDisposition, on connection: PostgresConnection) async throws -> JobOutcome {
        switch disposition {
        case .complete:
            return try await queue.complete(job, on: connection) ? .completed : .leaseLost
        case .postpone(let until, let note):
            return try await queue.postpone(job, until: until, note: note, on: connection) ? .postponed : .leaseLost
        case .awaitNewEEP(let until, let now, let note):
            var recorded = false
            if let caseID = job.caseID { recorded = try await NewEEPWait.newEEPRecorded(forCase: caseID, on: connection) }
            let due = recorded ? now : until
            return try await queue.postpone(job, until: due, note: recorded ? "a new EEP was recorded meanwhile" : note, on: connection)
                ? .postponed : .leaseLost
        }
    }

    /// Settles a job whose work was refused (and rolled back) in a transaction of its own, still fenced.
    private func settleAlone(_ job: ClaimedJob, _ disposition: JobDisposition, on connection: PostgresConnection?,
                             logger: JobLogger) async -> JobOutcome {
        do {
            let outcome = try await transaction(on: connection) { connection -> JobOutcome in
                guard try await queue.lockHeld(job, on: connection) else { return .leaseLost }
                return try await settle(job, disposition, on: connection)
            }
            return outcome == .leaseLost ? leaseLost(job, logger: logger) : outcome
        } catch {
            logger.warning("could not settle the job; its lease will expire and it runs again", metadata: ["error": "\(error)"])
            return Self.brokeTheConnection(error) || Self.wasCancelled(error) ? .interrupted : .leaseLost
        }
    }

    /// A conflict (the case changed under the job): queued again within about a second, not counted as a failure.
    private func retrySoon(_ job: ClaimedJob, because message: String, at now: Date, on connection: PostgresConnection?,
                           logger: JobLogger) async -> JobOutcome {
        logger.info("job conflicted with another change of its case; retrying soon", metadata: ["error": "\(message)"])
        let until = now.addingTimeInterval(Double.random(in: 0.2..<1.0))
        return await settleAlone(job, .postpone(until: until, note: "conflict: \(message)"), on: connection, logger: logger)
    }

    private func recordFailure(_ job: ClaimedJob, error: any Error, at now: Date, on connection: PostgresConnection?,
                               logger: JobLogger) async -> JobOutcome {
        let message = "\(error)"
        do {
            let state = try await transaction(on: connection) { connection in
                try await queue.fail(job, error: message, now: now, on: connection)
            }
            switch state {
            case "dead":
                logger.error("job dead after its last attempt", metadata: ["attempts": "\(job.attempts)", "error": "\(message)"])
                return .dead
            case .some:
                logger.warning("job failed; retrying with backoff", metadata: ["attempt": "\(job.attempts)", "error": "\(message)"])
                return .failed
            case nil:
                return leaseLost(job, logger: logger)
            }
        } catch {
            logger.warning("could not record the failure; the lease will expire and the job runs again",
                           metadata: ["error": "\(message)", "record_error": "\(error)"])
            return Self.brokeTheConnection(error) || Self.wasCancelled(error) ? .interrupted : .leaseLost
        }
    }

    private func leaseLost(_ job: ClaimedJob, logger: JobLogger) -> JobOutcome {
        logger.warning("lease lost: another worker took the job over; nothing was committed here",
                       metadata: ["token": "\(job.leaseToken)"])
        return .leaseLost
    }
}
