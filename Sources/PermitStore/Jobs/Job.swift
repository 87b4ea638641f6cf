import Foundation
import Postgres

/// A job the worker claimed: what to do, for which case, and the lease that proves it still holds it.
public struct ClaimedJob: Sendable, Equatable {
    /// The job's id.
    public let id: Int64
    /// What to do (a `JobKind` raw value, or a sweep kind).
    public let kind: String
    /// The case the job advances, if any.
    public let caseID: UUID?
    /// Extra data the job was queued with (JSON text).
    public let payload: String
    /// When the job became due.
    public let dueAt: Date
    /// How many times it has been claimed, this claim included.
    public let attempts: Int
    /// After this many failed attempts the job is dead.
    public let maxAttempts: Int
    /// The fencing token of this claim: a completion carrying an older token is refused.
    public let leaseToken: Int64
    /// True when this claim took the job over from a worker whose lease ran out.
    public let isTakeover: Bool

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        kind = try row.decode("kind")
        caseID = try row.decode("case_id", as: UUID?.self)
        payload = try row.decode("payload")
        dueAt = try row.decode("due_at")
        attempts = try row.decode("attempts")
        maxAttempts = try row.decode("max_attempts")
        leaseToken = try row.decode("lease_token")
        isTakeover = try row.decode("takeover")
    }
}

/// A job as the operator sees it (dead-letter lists, case views).
public struct JobRecord: Sendable, Equatable, Codable {
    /// The job's id.
    public let id: Int64
    /// What it does.
    public let kind: String
    /// The case it belongs to, if any.
    public let caseID: UUID?
    /// queued, running, done, dead or cancelled.
    public let state: String
    /// When it is or was due.
    public let dueAt: Date
    /// Attempts made.
    public let attempts: Int
    /// Attempts allowed.
    public let maxAttempts: Int
    /// The error of the last failed attempt.
    public let lastError: String?

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        kind = try row.decode("kind")
        caseID = try row.decode("case_id", as: UUID?.self)
        state = try row.decode("state")
        dueAt = try row.decode("due_at")
        attempts = try row.decode("attempts")
        maxAttempts = try row.decode("max_attempts")
        lastError = try row.decode("last_error", as: String?.self)
    }
}

/// Counts of jobs by kind and state, for `permit queue stats`.
public struct QueueStatistic: Sendable, Equatable, Codable {
    /// The job kind.
    public let kind: String
    /// Queued and due now.
    public let due: Int
    /// Queued for later.
    public let scheduled: Int
    /// Being run under a lease.
    public let running: Int
    /// Failed for good.
    public let dead: Int
    /// Done.
    public let done: Int
    /// The oldest due job's due time, if any is due.
    public let oldestDueAt: Date?
}

/// The job's lease was taken over before its work committed (the completion matched no row under its token).
public struct JobLeaseLost: Error, Sendable, Equatable {
    /// The job.
    public let jobID: Int64
    /// The token of the claim that lost it.
    public let token: Int64

    /// Creates the error for job `jobID` claimed under `token`.
    public init(jobID: Int64, token: Int64) {
        self.jobID = jobID
        self.token = token
    }
}
