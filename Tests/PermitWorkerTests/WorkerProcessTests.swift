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

    /// Every case screened exactly once: one begin_screening row, one outcome row, four history rows in all.
    func expectEachScreenedOnce(_ db: PermitDatabase, cases: Int) async throws {
        #expect(try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'screen' AND state = 'done'") == cases)
        #expect(try await db.count("""
            SELECT count(*)::int FROM (SELECT case_id, event FROM case_transitions GROUP BY case_id, event HAVING count(*) > 1) AS twice
            """) == 0)
        #expect(try await db.count("""
            SELECT count(*)::int FROM applications a
             WHERE a.state IN ('awaiting_documents', 'accepted') AND a.version = 4
               AND (SELECT count(*) FROM case_transitions t WHERE t.case_id = a.id) = 4
            """) == cases)
    }

    func screenJobsLeft(_ db: PermitDatabase) async throws -> Int {
        try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'screen' AND state <> 'done'")
    }

    @Test func aKilledWorkersJobsAreTakenOverAndEachTransitionIsRecordedOnce() async throws {
        let db = try await PermitDatabase.create("worker_sigkill")
        let total = 400
        _ = try await cases(total, in: db)
        let first = try WorkerProcess(configuration: db.database.configuration, arguments: ["--concurrency", "2", "--worker-id", "first"])
        let started = try await eventually(seconds: 60) {
            try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'screen' AND state = 'done'") >= 20
        }
        #expect(started, "the first worker made no progress: \(first.log)")
        first.signal(SIGKILL)
        _ = await first.waitForExit()
        #expect(try await screenJobsLeft(db) > 0, "the first worker finished everything before it was killed")
        let second = try WorkerProcess(configuration: db.database.configuration, arguments: ["--concurrency", "2", "--worker-id", "second"])
        let finished = try await eventually(seconds: 90) { try await screenJobsLeft(db) == 0 }
        let left = try await screenJobsLeft(db)
        #expect(finished, "jobs left: \(left); log: \(second.log.suffix(2000))")
        second.signal(SIGTERM)
        #expect(await second.waitForExit() == 0)
        try await expectEachScreenedOnce(db, cases: total)
        await db.close()
    }

    @Test func twoWorkersOverAThousandCasesCompleteNoJobTwice() async throws {
        let db = try await PermitDatabase.create("worker_two")
        let total = 1000
        _ = try await cases(total, in: db)
        let workers = try ["one", "two"].map {
            try WorkerProcess(configuration: db.database.configuration, arguments: ["--concurrency", "2", "--worker-id", $0])
        }
        let finished = try await eventually(seconds: 180) { try await screenJobsLeft(db) == 0 }
        #expect(finished)
        for worker in workers { worker.signal(SIGTERM) }
        for worker in workers { #expect(await worker.waitForExit() == 0, "\(worker.log.suffix(2000))") }
        try await expectEachScreenedOnce(db, cases: total)
        // Both took part (SKIP LOCKED shares the queue).
        #expect(try await db.count("SELECT count(DISTINCT actor)::int FROM case_transitions WHERE event = 'begin_screening'") == 1)
        #expect(try await db.count("SELECT count(DISTINCT leased_by)::int FROM jobs WHERE kind = 'screen'") == 2)
        await db.close()
    }
}
