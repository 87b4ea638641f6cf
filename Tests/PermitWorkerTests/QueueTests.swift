import Foundation
import PermitCore
import PermitStore
import PermitTestSupport
@testable import PermitWorker
import Postgres
import Testing

@Suite("Queue: fencing, backoff, dead letters, sweeps once a day, four-eyes")
struct QueueTests {
    @Test func aCompletionWithAStaleLeaseTokenIsRefused() async throws {
        let s = try await WorkerScenario.create("worker_fencing")
        let queue = JobQueue(leaseSeconds: 20)
        let first = try await s.db.pool.withConnection { connection -> ClaimedJob in
            try await JobQueue.enqueue(kind: "lapse_check", caseID: nil, dueAt: WorkerScenario.monday, on: connection)
            return try await queue.claim(limit: 1, worker: "w1", asOf: WorkerScenario.monday, on: connection)[0]
        }
        // w1 stops heartbeating: its lease runs out and w2 takes the job over with the next token.
        let second = try await s.db.pool.withConnection { connection -> ClaimedJob in
            try await connection.query("UPDATE jobs SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE id = \(first.id)")
            return try await queue.claim(limit: 1, worker: "w2", asOf: WorkerScenario.monday, on: connection)[0]
        }
        #expect(second.id == first.id)
        #expect(second.leaseToken == first.leaseToken + 1)
        let stale = try await s.db.pool.withTransaction { connection in
            (try await queue.lockHeld(first, on: connection), try await queue.complete(first, on: connection))
        }
        #expect(stale.0 == false && stale.1 == false)
        #expect(try await s.db.count("SELECT count(*)::int FROM jobs WHERE id = \(first.id) AND state = 'running'") == 1)
        let held = try await s.db.pool.withTransaction { connection in
            (try await queue.lockHeld(second, on: connection), try await queue.complete(second, on: connection))
        }
        #expect(held.0 && held.1)
        #expect(try await s.db.count("SELECT count(*)::int FROM jobs WHERE id = \(first.id) AND state = 'done'") == 1)
        await s.close()
    }

    @Test func aWorkerWhoseLeaseWasTakenOverCommitsNoneOfItsCaseWork() async throws {
        let s = try await WorkerScenario.create("worker_fenced_work")
        let id = try await s.submitted(try await s.applicant(serial: 171))
        let queue = JobQueue(leaseSeconds: 20)
        let execution = JobExecution(pool: s.db.pool, queue: queue, handler: CaseJobHandler(cases: s.cases), logger: s.db.logger)
        let (first, second) = try await s.db.pool.withConnection { connection -> (ClaimedJob, ClaimedJob) in
            let first = try await queue.claim(limit: 1, worker: "w1", asOf: WorkerScenario.monday, on: connection)[0]
            try await connection.query("UPDATE jobs SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE id = \(first.id)")
            return (first, try await queue.claim(limit: 1, worker: "w2", asOf: WorkerScenario.monday, on: connection)[0])
        }
        #expect(first.kind == "screen" && second.id == first.id)
        // w1 comes back and runs the job it no longer holds: the screening it did is rolled back with it.
        #expect(await execution.run(first, at: WorkerScenario.monday) == .leaseLost)
        #expect(try await s.state(id) == .submitted)
        #expect(try await s.historyCount(id, event: "begin_screening") == 0)
        #expect(await execution.run(second, at: WorkerScenario.monday) == .completed)
        #expect(try await s.state(id) == .awaitingDocuments)
        #expect(try await s.historyCount(id, event: "begin_screening") == 1)
        #expect(try await s.jobStates(id, kind: "screen") == ["done"])
        await s.close()
    }

    @Test func aJobCutShortByTheWorkerStoppingIsInterruptedNotFailedNorLost() async throws {
        let s = try await WorkerScenario.create("worker_cancelled_job")
        let id = try await s.submitted(try await s.applicant(serial: 172))
        let queue = JobQueue(leaseSeconds: 20)
        let execution = JobExecution(pool: s.db.pool, queue: queue, handler: CaseJobHandler(cases: s.cases), logger: s.db.logger)
        let job = try await s.db.pool.withConnection { connection in
            try await queue.claim(limit: 1, worker: "w1", asOf: WorkerScenario.monday, on: connection)[0]
        }
        #expect(job.kind == "screen")
        // The task running the job is cancelled (the worker stopping) before its first statement.
        let outcome = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await execution.run(job, at: WorkerScenario.monday)
        }.value
        #expect(outcome == .interrupted)
        // No attempt spent, no error recorded, the lease still its own; the case untouched.
        let row = try await s.db.pool.withConnection { connection in
            try await connection.query("SELECT state, attempts, last_error, lease_token FROM jobs WHERE id = \(job.id)")[0]
        }
        #expect(try row.decode("state", as: String.self) == "running")
        #expect(try row.decode("attempts", as: Int.self) == job.attempts)
        #expect(try row.decode("last_error", as: String?.self) == nil)
        #expect(try row.decode("lease_token", as: Int64.self) == job.leaseToken)
        #expect(try await s.state(id) == .submitted)
        // Run again under the same lease (as after a restart, once it is claimed again), it completes.
        #expect(await execution.run(job, at: WorkerScenario.monday) == .completed)
        #expect(try await s.state(id) == .awaitingDocuments)
        await s.close()
    }

    @Test func failuresBackOffThenDieAndRetryQueuesAgain() async throws {
        let s = try await WorkerScenario.create("worker_dead")
        _ = try await s.db.pool.withConnection { connection in
            try await connection.query("INSERT INTO jobs (kind, due_at, max_attempts) VALUES ('mystery_kind', \(WorkerScenario.monday), 3)")
        }
        var asOf = ActingTime.endOfDay(CivilDate(iso: "2026-03-02")!, in: WorkerScenario.zone)
        var previousWait = 0.0
        for attempt in 1...3 {
            let summary = try await WorkerRun.once(pool: s.db.pool, asOf: asOf, settings: WorkerSettings(workerID: "t"), logger: s.db.logger)
            #expect(summary.jobsFailed == 1)
            let row = try await s.db.pool.withConnection { connection in
                try await connection.query("SELECT state, attempts, due_at, last_error FROM jobs WHERE kind = 'mystery_kind'").first!
            }
            let state: String = try row.decode("state")
            #expect(try row.decode("attempts", as: Int.self) == attempt)
            #expect(try row.decode("last_error", as: String?.self)?.contains("unknown job kind") == true)
            if attempt < 3 {
                #expect(state == "queued")
                let wait = try row.decode("due_at", as: Date.self).timeIntervalSince(asOf)
                // base 2 s × 2^(attempt-1), jittered by [0.5, 1.5).
                #expect(wait >= 2 * pow(2, Double(attempt - 1)) * 0.5 && wait < 2 * pow(2, Double(attempt - 1)) * 1.5)
                #expect(attempt == 1 || wait > previousWait * 0.33)
                previousWait = wait
                asOf = asOf.addingTimeInterval(3600)
            } else {
                #expect(state == "dead")
            }
        }
        let dead = try await s.db.pool.withConnection { try await JobQueue.dead(on: $0) }
        #expect(dead.map(\.kind) == ["mystery_kind"])
        #expect(try await s.db.pool.withConnection { try await JobQueue.retry(id: dead[0].id, now: WorkerScenario.monday, on: $0) })
        #expect(try await s.db.count("SELECT count(*)::int FROM jobs WHERE kind = 'mystery_kind' AND state = 'queued' AND attempts = 0") == 1)
        #expect(try await s.db.pool.withConnection { try await JobQueue.retry(id: dead[0].id, now: WorkerScenario.monday, on: $0) } == false)
        await s.close()
    }

    @Test func theDailySweepRunsOncePerDayAcrossWorkers() async throws {
        let s = try await WorkerScenario.create("worker_sweep_once")
        let day = CivilDate(iso: "2026-03-05")!
        let pool = s.db.pool
        let logger = s.db.logger
        let reports = try await withThrowingTaskGroup(of: SweepReport?.self) { group in
            for _ in 0..<4 {
                group.addTask { try await DailySweep.runIfDue(day: day, at: WorkerScenario.monday, pool: pool, logger: logger) }
            }
            return try await group.reduce(into: [SweepReport]()) { if let report = $1 { $0.append(report) } }
        }
        // Several workers may each run some of the day's sweeps, but each sweep runs exactly once.
        #expect(!reports.isEmpty)
        #expect(try await s.db.count("SELECT count(*)::int FROM sweep_runs WHERE run_on = '2026-03-05'") == DailySweep.units.count)
        #expect(try await s.db.count("SELECT count(DISTINCT kind)::int FROM sweep_runs WHERE run_on = '2026-03-05'") == 4)
        let again = try await DailySweep.runIfDue(day: day, at: WorkerScenario.monday, pool: pool, logger: logger)
        #expect(again == nil)
        await s.close()
    }

    @Test func fourEyesIsRefusedAtTheDatabaseDoor() async throws {
        let s = try await WorkerScenario.create("worker_four_eyes")
        let id = try await s.submitted(try await s.applicant(serial: 181))
        try await s.runWorker()
        try await s.cases.apply(.receiveDocuments([.employmentCertificate, .titleCertificate]), to: id, by: "Bo Wen", at: WorkerScenario.monday)
        try await s.runWorker()
        try await s.cases.apply(.startReview, to: id, by: "Cy Lam", at: WorkerScenario.monday)
        let version = try await s.cases.load(id).version
        // "Ann Clerk" submitted the case (a preparer): a hand-written approve row by her is refused by the trigger.
        let error = await #expect(throws: PostgresError.self) {
            try await s.db.pool.withTransaction { connection in
                try await connection.query("""
                    INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, at)
                    VALUES (\(id), \(version + 1), 'under_review', 'approved', 'approve', 'Ann Clerk', now())
                    """)
            }
        }
        #expect(error?.constraint == "four_eyes")
        await s.close()
    }
}
