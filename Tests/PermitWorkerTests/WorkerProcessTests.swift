import Foundation
import Glibc
import PermitCore
import PermitStore
import PermitTestSupport
@testable import PermitWorker
import Postgres
import Testing

/// Real `permit worker` processes over many cases ready for screening.
@Suite("Worker processes: crash, takeover, several workers, graceful stop", .serialized)
struct WorkerProcessTests {
    /// `count` submitted research cases, each with its screen job due.
    func cases(_ count: Int, in db: PermitDatabase) async throws -> [UUID] {
        let bench = try await BenchmarkCases.prepare(pool: db.pool, logger: db.logger)
        return try await bench.clone(count: count, batch: "A")
    }

    /// Every case reached its right end state exactly once. The cases were submitted on 2 March 2026 and the
    /// workers run on the real clock, long after: screening (or the completeness check, whichever runs first)
    /// deems the case accepted, and the decision deadline, long past, escalates it.
    func expectEachAdvancedOnce(_ db: PermitDatabase, cases: Int) async throws {
        #expect(try await db.count("SELECT count(*)::int FROM applications WHERE state = 'escalated'") == cases)
        #expect(try await db.count("""
            SELECT count(*)::int FROM (SELECT case_id, event FROM case_transitions GROUP BY case_id, event HAVING count(*) > 1) AS twice
            """) == 0)
        #expect(try await db.count("""
            SELECT count(*)::int FROM applications a
             WHERE a.version = (SELECT count(*) FROM case_transitions t WHERE t.case_id = a.id)
               AND (SELECT count(*) FROM case_transitions t WHERE t.case_id = a.id AND t.event = 'deem_accepted') = 1
               AND (SELECT count(*) FROM case_transitions t WHERE t.case_id = a.id AND t.event = 'escalate') = 1
            """) == cases)
        #expect(try await jobsDue(db) == 0)
    }

    /// Jobs due now that are not finished.
    func jobsDue(_ db: PermitDatabase) async throws -> Int {
        try await db.count("SELECT count(*)::int FROM jobs WHERE state IN ('queued', 'running') AND due_at <= now()")
    }

    func escalated(_ db: PermitDatabase) async throws -> Int {
        try await db.count("SELECT count(*)::int FROM applications WHERE state = 'escalated'")
    }

    @Test func aKilledWorkersJobsAreTakenOverAndEachTransitionIsRecordedOnce() async throws {
        let db = try await PermitDatabase.create("worker_sigkill", purpose: .training)   // the cases were submitted on 2 March
        let total = 400
        _ = try await cases(total, in: db)
        let login = try await db.login("worker", role: .worker).configuration
        let first = try WorkerProcess(configuration: login, arguments: ["--concurrency", "2", "--worker-id", "first"])
        let started = try await eventually(seconds: 60) {
            try await db.count("SELECT count(*)::int FROM jobs WHERE state = 'done'") >= 20
        }
        #expect(started, "the first worker made no progress: \(first.log)")
        // Freeze the worker at a moment it holds jobs (a fast worker may be between claims), then kill it there.
        var heldByDead = 0
        for _ in 0..<200 where heldByDead == 0 {
            first.signal(SIGSTOP)
            try await Task.sleep(for: .milliseconds(50))   // what it had sent before it froze is done by now
            heldByDead = try await db.count("SELECT count(*)::int FROM jobs WHERE state = 'running' AND leased_by = 'first'")
            if heldByDead == 0 {
                first.signal(SIGCONT)
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        first.signal(SIGKILL)
        _ = await first.waitForExit()
        #expect(try await jobsDue(db) > 0, "the first worker finished everything before it was killed")
        // The jobs the dead worker held: they must be taken over (claimed again with a newer fencing token).
        #expect(heldByDead > 0)
        let second = try WorkerProcess(configuration: login, arguments: ["--concurrency", "2", "--worker-id", "second"])
        // Every case may reach its end through its other jobs before the dead worker's leases run out: wait for
        // those jobs to be taken over too.
        let finished = try await eventually(seconds: 90) {
            let escalatedNow = try await escalated(db)
            let due = try await jobsDue(db)
            return escalatedNow == total && due == 0
        }
        let left = try await jobsDue(db)
        #expect(finished, "jobs due: \(left); log: \(second.log.suffix(2000))")
        second.signal(SIGTERM)
        #expect(await second.waitForExit() == 0)
        try await expectEachAdvancedOnce(db, cases: total)
        #expect(try await db.count("SELECT count(*)::int FROM jobs WHERE state = 'done' AND lease_token >= 2 AND leased_by = 'second'") >= heldByDead)
        await db.close()
    }

    @Test func twoWorkersOverAThousandCasesCompleteNoJobTwice() async throws {
        let db = try await PermitDatabase.create("worker_two", purpose: .training)
        let total = 1000
        _ = try await cases(total, in: db)
        let login = try await db.login("worker", role: .worker).configuration
        let workers = try ["one", "two"].map {
            try WorkerProcess(configuration: login, arguments: ["--concurrency", "2", "--worker-id", $0])
        }
        let finished = try await eventually(seconds: 180) { try await escalated(db) == total }
        #expect(finished)
        for worker in workers { worker.signal(SIGTERM) }
        for worker in workers { #expect(await worker.waitForExit() == 0, "\(worker.log.suffix(2000))") }
        try await expectEachAdvancedOnce(db, cases: total)
        // Both took part (SKIP LOCKED shares the queue).
        #expect(try await db.count("SELECT count(DISTINCT leased_by)::int FROM jobs WHERE state = 'done'") == 2)
        await db.close()
    }
}
