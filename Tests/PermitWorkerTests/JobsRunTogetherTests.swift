import Foundation
import MetricsTestKit
import PermitCore
import PermitStore
import PermitTestSupport
@testable import PermitWorker
import Postgres
import Testing

@Suite("Jobs run together: a lane's claimed case jobs commit in one transaction, or each in its own")
struct JobsRunTogetherTests {
    /// The transaction ids of the cases' screening history rows (one per case).
    private func screeningTransactions(_ ids: [UUID], in s: WorkerScenario) async throws -> [String] {
        try await s.db.pool.withConnection { connection in
            try await connection.query("""
                SELECT xact::text AS xact FROM case_transitions
                 WHERE case_id = ANY(\(ids.map(\.uuidString))::uuid[]) AND event = 'begin_screening' ORDER BY xact
                """).map { try $0.decode("xact", as: String.self) }
        }
    }

    @Test func caseJobsClaimedTogetherCommitInOneTransaction() async throws {
        let s = try await WorkerScenario.create("worker_together")
        var ids: [UUID] = []
        for serial in 301...304 { ids.append(try await s.submitted(try await s.applicant(serial: serial))) }
        // A daily sweep claimed with them runs after them, in a transaction of its own.
        try await s.db.pool.withConnection { connection in
            try await JobQueue.enqueue(kind: JobKind.expirySweep.rawValue, caseID: nil, dueAt: WorkerScenario.monday, on: connection)
        }
        let summary = try await s.runWorker(concurrency: 1)
        #expect(summary.jobsCompleted == 5)
        #expect(try await s.db.count("SELECT count(*)::int FROM jobs WHERE kind = 'expiry_sweep' AND state = 'done'") == 1)
        #expect(try await s.db.count("SELECT count(*)::int FROM jobs WHERE state <> 'done' AND due_at <= \(WorkerScenario.monday)") == 0)
        for id in ids {
            #expect(try await s.state(id) == .awaitingDocuments)
            #expect(try await s.jobStates(id, kind: "screen") == ["done"])
        }
        // One lane claimed the four screenings at once: their history rows were written by one transaction, and
        // every case's chain still verifies.
        let transactions = try await screeningTransactions(ids, in: s)
        #expect(transactions.count == 4)
        #expect(Set(transactions).count == 1)
        let report = try await HistoryAudit.verify(pool: s.db.pool)
        #expect(report.intact && report.entries >= 8)
        await s.close()
    }

    @Test func aCasesSecondJobInAClaimRunsAfterTheSharedTransaction() async throws {
        let s = try await WorkerScenario.create("worker_together_same_case")
        let first = try await s.submitted(try await s.applicant(serial: 321))
        let second = try await s.submitted(try await s.applicant(serial: 322))
        // The first case also has its completeness check due: two jobs of one case in one claim.
        try await s.db.pool.withConnection { connection in
            try await JobQueue.enqueue(kind: JobKind.completenessCheck.rawValue, caseID: first, dueAt: WorkerScenario.monday, on: connection)
        }
        let metrics = TestMetrics()
        let lanes = JobLanes.make(pool: s.workerPool, cases: CaseRepository(pool: s.workerPool, logger: s.db.logger),
                                  settings: WorkerSettings(concurrency: 1, workerID: "w1"), tally: RunTally(),
                                  metrics: WorkerMetrics(factory: metrics), logger: s.db.logger)
        let unrun = try await s.workerPool.withConnection { connection -> [ClaimedJob] in
            let jobs = try await lanes.queue.claim(limit: 8, worker: "w1", asOf: WorkerScenario.monday, on: connection)
            #expect(jobs.count == 3)
            let split = JobLanes.sharingOneTransaction(jobs)
            #expect(split.together.compactMap(\.caseID).sorted { $0.uuidString < $1.uuidString }
                    == [first, second].sorted { $0.uuidString < $1.uuidString })
            #expect(split.after.map(\.kind) == [JobKind.completenessCheck.rawValue])
            return await lanes.runBatch(jobs, asOf: WorkerScenario.monday, on: connection)
        }
        #expect(unrun.isEmpty)
        // Both screenings committed together (no fallback), then the check ran on its own.
        #expect(Set(try await screeningTransactions([first, second], in: s)).count == 1)
        #expect(try metrics.expectCounter("permit_shared_transactions_total", [("outcome", "committed")]).totalValue == 1)
        #expect((try? metrics.expectCounter("permit_shared_transactions_total", [("outcome", "rolled_back")]))?.totalValue ?? 0 == 0)
        #expect(try await s.db.count("SELECT count(*)::int FROM jobs WHERE case_id = \(first) AND state = 'running'") == 0)
        #expect(try await s.jobStates(second, kind: "screen") == ["done"])
        await s.close()
    }

    @Test func aConnectionLostBeforeTheCommitHandsTheJobsBackAndThePoolRunsThem() async throws {
        let s = try await WorkerScenario.create("worker_together_lost")
        var ids: [UUID] = []
        for serial in 331...333 { ids.append(try await s.submitted(try await s.applicant(serial: serial))) }
        let tally = RunTally()
        let lanes = JobLanes.make(pool: s.workerPool, cases: CaseRepository(pool: s.workerPool, logger: s.db.logger),
                                  settings: WorkerSettings(concurrency: 1, workerID: "w1"), tally: tally, metrics: WorkerMetrics(),
                                  logger: s.db.logger)
        let (jobs, unrun) = try await s.workerPool.withConnection { connection -> ([ClaimedJob], [ClaimedJob]) in
            let jobs = try await lanes.queue.claim(limit: 8, worker: "w1", asOf: WorkerScenario.monday, on: connection)
            // The lane's backend goes away before the shared transaction sends anything.
            let pid = connection.backendProcessID
            _ = try await s.db.pool.withConnection { try await $0.query("SELECT pg_terminate_backend(\(pid))") }
            return (jobs, await lanes.runBatch(jobs, asOf: WorkerScenario.monday, on: connection))
        }
        #expect(jobs.count == 3)
        // Nothing was committed and nothing counted: every job is handed back to the lane, still held.
        #expect(Set(unrun.map(\.id)) == Set(jobs.map(\.id)))
        #expect(tally.current.jobsCompleted == 0)
        for id in ids { #expect(try await s.state(id) == .submitted) }
        // As the lane does, the pool's connections run them, one transaction each, under the same leases.
        #expect(await lanes.runBatch(unrun, asOf: WorkerScenario.monday, on: nil).isEmpty)
        #expect(tally.current.jobsCompleted == 3)
        for id in ids {
            #expect(try await s.state(id) == .awaitingDocuments)
            #expect(try await s.historyCount(id, event: "begin_screening") == 1)
        }
        await s.close()
    }

    @Test func aJobThatCannotCompleteTogetherRunsAloneAndTheOthersStillCommit() async throws {
        let s = try await WorkerScenario.create("worker_together_fallback")
        var ids: [UUID] = []
        for serial in 311...313 { ids.append(try await s.submitted(try await s.applicant(serial: serial))) }
        let settings = WorkerSettings(concurrency: 1, workerID: "w1", claimBatch: 8)
        let tally = RunTally()
        let lanes = JobLanes.make(pool: s.workerPool, cases: CaseRepository(pool: s.workerPool, logger: s.db.logger),
                                  settings: settings, tally: tally, metrics: WorkerMetrics(), logger: s.db.logger)
        let (unrun, lost) = try await s.workerPool.withConnection { connection -> ([ClaimedJob], ClaimedJob) in
            let jobs = try await lanes.queue.claim(limit: 8, worker: "w1", asOf: WorkerScenario.monday, on: connection)
            #expect(jobs.count == 3)
            // While w1 holds the batch, the middle job's lease runs out and w2 takes it over.
            try await connection.query("UPDATE jobs SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE id = \(jobs[1].id)")
            let taken = try await JobQueue(leaseSeconds: 20).claim(limit: 1, worker: "w2", asOf: WorkerScenario.monday, on: connection)
            #expect(taken.map(\.id) == [jobs[1].id])
            return (await lanes.runBatch(jobs, asOf: WorkerScenario.monday, on: connection), jobs[1])
        }
        #expect(unrun.isEmpty)
        // The shared transaction failed on the lost lease and was rolled back; each job then ran on its own:
        // two completed, the taken-over one committed nothing and is still w2's.
        #expect(tally.current.jobsCompleted == 2)
        let lostCase = try #require(lost.caseID)
        let others = ids.filter { $0 != lostCase }
        for id in others {
            #expect(try await s.state(id) == .awaitingDocuments)
            #expect(try await s.historyCount(id, event: "begin_screening") == 1)
        }
        #expect(try await s.state(lostCase) == .submitted)
        #expect(try await s.historyCount(lostCase, event: "begin_screening") == 0)
        #expect(try await s.db.count("SELECT count(*)::int FROM jobs WHERE id = \(lost.id) AND state = 'running' AND leased_by = 'w2'") == 1)
        #expect(Set(try await screeningTransactions(others, in: s)).count == 2)
        await s.close()
    }
}
