import Foundation
import Postgres

/// The PostgreSQL job queue: enqueue in the caller's transaction, claim with `FOR UPDATE SKIP LOCKED`
/// under a lease, keep leases alive, and complete or fail fenced by the lease token.
public struct JobQueue: Sendable {
    /// How long a claim holds a job without a heartbeat before another worker may take it over.
    public var leaseSeconds: Int
    /// The first retry waits this long; each further retry doubles it (with jitter), up to `maximumBackoffSeconds`.
    public var baseBackoffSeconds: Double
    /// The longest a retry waits.
    public var maximumBackoffSeconds: Double

    /// Creates a queue with the given lease and backoff settings.
    public init(leaseSeconds: Int = 20, baseBackoffSeconds: Double = 2, maximumBackoffSeconds: Double = 600) {
        self.leaseSeconds = leaseSeconds
        self.baseBackoffSeconds = baseBackoffSeconds
        self.maximumBackoffSeconds = maximumBackoffSeconds
    }

    /// Queues a job in the caller's transaction (the statement-level trigger wakes workers once at commit).
    public static func enqueue(
        kind: String, caseID: UUID?, dueAt: Date, payload: String = "{}", maxAttempts: Int = 5,
        on connection: PostgresConnection
    ) async throws {
        try await connection.enqueue("""
            INSERT INTO jobs (kind, case_id, due_at, payload, max_attempts)
            VALUES (\(kind), \(caseID), \(dueAt), \(payload)::jsonb, \(maxAttempts))
            """)
    }

    /// Cancels the queued jobs of `kind` for a case (e.g. a lapse check once documents arrived).
    public static func cancel(kind: String, caseID: UUID, on connection: PostgresConnection) async throws {
        try await connection.enqueue("""
            UPDATE jobs SET state = 'cancelled', finished_at = now()
             WHERE case_id = \(caseID) AND kind = \(kind) AND state = 'queued'
            """)
    }

    /// Claims up to `limit` jobs due by `asOf`, plus running jobs whose lease ran out (takeovers), for `worker`.
    public func claim(limit: Int, worker: String, asOf: Date, on connection: PostgresConnection) async throws -> [ClaimedJob] {
        let rows = try await connection.query("""
            WITH expired AS (
                SELECT id FROM jobs WHERE state = 'running' AND lease_expires_at < clock_timestamp()
                 ORDER BY lease_expires_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ), due AS (
                SELECT id FROM jobs WHERE state = 'queued' AND due_at <= \(asOf)
                 ORDER BY due_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ), picked AS (
                (SELECT id, true AS takeover FROM expired) UNION ALL (SELECT id, false FROM due) LIMIT \(limit)
            )
            UPDATE jobs AS j
               SET state = 'running', attempts = j.attempts + 1, lease_token = j.lease_token + 1,
                   leased_by = \(worker), lease_expires_at = clock_timestamp() + make_interval(secs => \(leaseSeconds))
              FROM picked WHERE j.id = picked.id
            RETURNING j.id, j.kind, j.case_id, j.payload::text AS payload, j.due_at, j.attempts, j.max_attempts, j.lease_token,
                      picked.takeover
            """)
        return try rows.map(ClaimedJob.init(row:))
    }

    /// Extends the leases `worker` still holds; returns the ids it still holds (a job missing was taken over).
    public func heartbeat(_ jobs: [(id: Int64, token: Int64)], worker: String, on connection: PostgresConnection) async throws -> Set<Int64> {
        guard !jobs.isEmpty else { return [] }
        let rows = try await connection.query("""
            UPDATE jobs AS j SET lease_expires_at = clock_timestamp() + make_interval(secs => \(leaseSeconds))
              FROM unnest(\(jobs.map(\.id))::bigint[], \(jobs.map(\.token))::bigint[]) AS held(id, token)
             WHERE j.id = held.id AND j.lease_token = held.token AND j.state = 'running' AND j.leased_by = \(worker)
            RETURNING j.id
            """)
        return Set(try rows.map { try $0.decode("id", as: Int64.self) })
    }

    /// Locks the job row for the work transaction if this claim still holds it; false when the lease was lost.
    ///
    /// Holding the row lock until commit keeps a takeover claim (SKIP LOCKED) away while the work runs.
    public func lockHeld(_ job: ClaimedJob, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query("""
            SELECT id FROM jobs WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running' FOR UPDATE
            """)
        return !rows.isEmpty
    }

    /// Marks a held job done, in the work's transaction; false (and nothing changed) if the lease was lost.
    public func complete(_ job: ClaimedJob, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query("""
            UPDATE jobs SET state = 'done', finished_at = now(), lease_expires_at = NULL, last_error = NULL
             WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running'
            """)
        return rows.affectedRows == 1
    }

    /// Marks a held job done with the work's queued statements, in the work's transaction: the flight that sends it
    /// (at the latest the COMMIT's) throws `JobLeaseLost` when the lease was lost (`require_one_row` fails the statement,
    /// so a COMMIT in the same flight does not run), and the work is rolled back.
    public func completeWithWork(_ job: ClaimedJob, on connection: PostgresConnection) async throws {
        try await connection.enqueue("""
            WITH done AS (
                UPDATE jobs SET state = 'done', finished_at = now(), lease_expires_at = NULL, last_error = NULL
                 WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running'
                RETURNING 1
            )
            SELECT require_one_row((SELECT count(*) FROM done), 'lease lost')
            """) { error -> any Error in
            error.sqlState == SQLState.noDataFound ? JobLeaseLost(jobID: job.id, token: job.leaseToken) : error
        }
    }

    /// Marks held jobs done with the work of all of them, in that work's one transaction, as one statement.
    ///
    /// The flight that sends it (at the latest the COMMIT's) throws `JobLeaseLost` naming the first job when any
    /// of their leases was lost (not necessarily the first's), and the whole transaction is rolled back; the
    /// caller runs each job on its own to find out which.
    public func completeAllWithWork(_ jobs: [ClaimedJob], on connection: PostgresConnection) async throws {
        guard let first = jobs.first else { return }
        try await connection.enqueue("""
            WITH done AS (
                UPDATE jobs AS j SET state = 'done', finished_at = now(), lease_expires_at = NULL, last_error = NULL
                  FROM unnest(\(jobs.map(\.id))::bigint[], \(jobs.map(\.leaseToken))::bigint[]) AS held(id, token)
                 WHERE j.id = held.id AND j.lease_token = held.token AND j.state = 'running'
                RETURNING 1
            )
            SELECT require_one_row((SELECT (count(*) = \(Int64(jobs.count)))::int FROM done),
                                   \("the lease of at least one of \(jobs.count) jobs run together was lost"))
            """) { error -> any Error in
            error.sqlState == SQLState.noDataFound ? JobLeaseLost(jobID: first.id, token: first.leaseToken) : error
        }
    }

    /// Puts a held job back for later without counting a failure (e.g. an issue waiting for the new EEP).
    public func postpone(_ job: ClaimedJob, until dueAt: Date, note: String, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query("""
            UPDATE jobs SET state = 'queued', due_at = \(dueAt), attempts = greatest(attempts - 1, 0),
                   lease_expires_at = NULL, leased_by = NULL, last_error = \(note)
             WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running'
            """)
        return rows.affectedRows == 1
    }

    /// Records a failed attempt: queued again after a backoff with jitter, or dead after the last attempt.
    /// Returns the job's new state (`queued` or `dead`), or nil if the lease was lost.
    public func fail(_ job: ClaimedJob, error: String, now: Date, on connection: PostgresConnection) async throws -> String? {
        let dead = job.attempts >= job.maxAttempts
        let retryAt = now.addingTimeInterval(backoff(afterAttempt: job.attempts))
        let rows = try await connection.query("""
            UPDATE jobs SET state = \(dead ? "dead" : "queued"), due_at = \(dead ? job.dueAt : retryAt),
                   last_error = \(String(error.prefix(2000))), lease_expires_at = NULL, leased_by = NULL,
                   finished_at = \(dead ? now : nil)
             WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running'
            RETURNING state
            """)
        return try rows.first?.decode("state", as: String.self)
    }

    /// Gives a held job back untouched (graceful shutdown): queued again at once, the attempt not counted.
    public func release(_ job: ClaimedJob, on connection: PostgresConnection) async throws {
        try await connection.query("""
            UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), lease_expires_at = NULL, leased_by = NULL
             WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running'
            """)
    }

    /// The wait before the next attempt: base × 2^(attempt-1), capped, times a random factor in [0.5, 1.5).
    public func backoff(afterAttempt attempt: Int) -> TimeInterval {
        let exponential = baseBackoffSeconds * pow(2, Double(max(attempt - 1, 0)))
        return min(exponential, maximumBackoffSeconds) * Double.random(in: 0.5..<1.5)
    }

    /// The dead jobs, newest first.
    public static func dead(limit: Int = 100, on connection: PostgresConnection) async throws -> [JobRecord] {
        try await connection.query("""
            SELECT id, kind, case_id, state, due_at, attempts, max_attempts, last_error FROM jobs
             WHERE state = 'dead' ORDER BY id DESC LIMIT \(limit)
            """).map(JobRecord.init(row:))
    }

    /// Queues a dead job again, due now, with a fresh set of attempts; false if no dead job has that id.
    public static func retry(id: Int64, now: Date, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query("""
            UPDATE jobs SET state = 'queued', attempts = 0, due_at = \(now), finished_at = NULL
             WHERE id = \(id) AND state = 'dead'
            """)
        return rows.affectedRows == 1
    }

    /// Counts by kind and state, as of `now`.
    public static func statistics(now: Date, on connection: PostgresConnection) async throws -> [QueueStatistic] {
        let rows = try await connection.query("""
            SELECT kind,
                   count(*) FILTER (WHERE state = 'queued' AND due_at <= \(now))::int AS due,
                   count(*) FILTER (WHERE state = 'queued' AND due_at > \(now))::int AS scheduled,
                   count(*) FILTER (WHERE state = 'running')::int AS running,
                   count(*) FILTER (WHERE state = 'dead')::int AS dead,
                   count(*) FILTER (WHERE state = 'done')::int AS done,
                   min(due_at) FILTER (WHERE state = 'queued' AND due_at <= \(now)) AS oldest_due_at
              FROM jobs GROUP BY kind ORDER BY kind
            """)
        return try rows.map { row in
            QueueStatistic(kind: try row.decode("kind"), due: try row.decode("due"), scheduled: try row.decode("scheduled"),
                           running: try row.decode("running"), dead: try row.decode("dead"), done: try row.decode("done"),
                           oldestDueAt: try row.decode("oldest_due_at", as: Date?.self))
        }
    }
}
