import Foundation
import PermitCore
import PermitStore
import PermitTestSupport
@testable import PermitWorker
import Postgres
import Testing

@Suite("Worker handlers advance cases")
struct CaseHandlerTests {
    @Test func screeningRequestsDocumentsThenAcceptsOnceTheyArrive() async throws {
        let s = try await WorkerScenario.create("worker_screen")
        let id = try await s.submitted(try await s.applicant(serial: 101))
        let first = try await s.runWorker()
        #expect(first.jobsCompleted == 1)
        #expect(try await s.state(id) == .awaitingDocuments)
        try await s.cases.apply(.receiveDocuments([.employmentCertificate, .titleCertificate]), to: id, by: "Ann Clerk", at: WorkerScenario.monday)
        try await s.runWorker()
        #expect(try await s.state(id) == .accepted)
        #expect(try await s.historyCount(id, event: "begin_screening") == 1)
        #expect(try await s.historyCount(id, event: "screening_passed") == 1)
        #expect(try await s.jobStates(id, kind: "screen") == ["done", "done"])
        #expect(try await s.jobStates(id, kind: "completeness_check") == ["cancelled"])
        await s.close()
    }

    @Test("screening is one change of the case: one update two versions on, two chained history rows; a retry decides only")
    func screeningIsOneChangeOfTheCase() async throws {
        let s = try await WorkerScenario.create("worker_screen_once")
        let id = try await s.submitted(try await s.applicant(serial: 111))
        /// Screens the case as the worker's login; returns the updates of applications the transaction made.
        func screen() async throws -> Int {
            try await s.workerPool.withTransaction { connection in
                try await s.cases.screen(try await s.cases.read(id, on: connection), at: WorkerScenario.monday, on: connection)
                return try await connection.query("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'applications'")
                    .first!.decode("n_tup_upd", as: Int.self)
            }
        }
        #expect(try await screen() == 1)
        let record = try await s.cases.load(id)
        #expect(record.caseFile.state == .awaitingDocuments)
        #expect(record.version == 4)
        let history = try await s.db.pool.withConnection { try await CaseHistory.entries(of: id, on: $0) }
        #expect(history.map(\.seq) == [1, 2, 3, 4])
        #expect(history.suffix(2).map(\.event) == ["begin_screening", "request_documents"])
        let workerLogin = try await s.workerPool.withConnection { connection in
            try await connection.query("SELECT session_user::text AS login").first!.decode("login", as: String.self)
        }
        #expect(history.suffix(2).map(\.login) == [workerLogin, workerLogin])
        #expect(try await HistoryAudit.verify(caseID: id, pool: s.db.pool).intact)

        // A case a crash left in screening (its begin written, its decision not) is decided only: one row, one version.
        let other = try await s.submitted(try await s.applicant(serial: 112))
        _ = try await s.workerPool.withTransaction { connection in
            try await s.cases.apply(.beginScreening, to: try await s.cases.read(other, on: connection), by: .system,
                                    at: WorkerScenario.monday, on: connection)
        }
        let retried = try await s.workerPool.withTransaction { connection in
            try await s.cases.screen(try await s.cases.read(other, on: connection), at: WorkerScenario.monday, on: connection)
        }
        #expect(retried.map(\.record.event) == [.requestDocuments])
        #expect(try await s.cases.load(other).version == 4)
        #expect(try await HistoryAudit.verify(caseID: other, pool: s.db.pool).intact)
        await s.close()
    }

    @Test func anEEPEndingTooSoonIsRejectedWithItsCode() async throws {
        let s = try await WorkerScenario.create("worker_eep")
        let id = try await s.submitted(try await s.applicant(serial: 102, eepExpires: "2027-01-01"))
        try await s.runWorker()
        let record = try await s.cases.load(id)
        #expect(record.caseFile.state == .rejected)
        #expect(record.caseFile.reasonCode != nil)
        #expect(try await s.historyCount(id, event: "reject") == 1)
        await s.close()
    }

    @Test func deemedAcceptanceLapseAndDeadlineAreDrivenByAsOf() async throws {
        let s = try await WorkerScenario.create("worker_deadlines")
        // Case A: nobody screens before the completeness period ends: deemed accepted, then overdue → escalated.
        let deemed = try await s.submitted(try await s.applicant(serial: 111))
        try await s.runWorker(asOf: "2026-03-10")
        let deemedState = try await s.state(deemed)
        let rows = try await s.db.pool.withConnection { try await $0.query("SELECT seq, event, to_state, note FROM case_transitions WHERE case_id = \(deemed) ORDER BY seq").map { "\(try $0.decode("event", as: String.self))→\(try $0.decode("to_state", as: String.self)) \(try $0.decode("note", as: String?.self) ?? "")" } }
        #expect(deemedState == .accepted, "\(rows)")
        #expect(try await s.historyCount(deemed, event: "deem_accepted") == 1)
        // The completeness check found the case already accepted: a no-op, done, not failed.
        #expect(try await s.jobStates(deemed, kind: "completeness_check").allSatisfy { $0 == "done" || $0 == "cancelled" })
        try await s.runWorker(asOf: "2026-03-11")
        #expect(try await s.state(deemed) == .accepted)
        try await s.runWorker(asOf: "2026-03-20")
        #expect(try await s.state(deemed) == .escalated)
        #expect(try await s.historyCount(deemed, event: "escalate") == 1)

        await s.close()
    }

    @Test func lapseComesAfterTheSupplementationDeadlineOnly() async throws {
        let s = try await WorkerScenario.create("worker_lapse")
        let id = try await s.submitted(try await s.applicant(serial: 121))
        try await s.runWorker(asOf: "2026-03-02")
        #expect(try await s.state(id) == .awaitingDocuments)
        try await s.runWorker(asOf: "2026-03-25")
        #expect(try await s.state(id) == .awaitingDocuments)
        try await s.runWorker(asOf: "2026-04-15")
        #expect(try await s.state(id) == .lapsed)
        #expect(try await s.historyCount(id, event: "lapse") == 1)
        await s.close()
    }

    @Test func aWithdrawnCasesLeftoverJobIsANoOpNotAFailure() async throws {
        let s = try await WorkerScenario.create("worker_noop")
        let id = try await s.submitted(try await s.applicant(serial: 131))
        try await s.runWorker()
        try await s.cases.apply(.withdraw(note: "changed plans"), to: id, by: "Ann Clerk", at: WorkerScenario.monday)
        // A lapse check queued by hand (as if queued before the withdrawal's cancel) finds the case withdrawn.
        try await s.db.pool.withConnection { connection in
            try await JobQueue.enqueue(kind: "lapse_check", caseID: id, dueAt: WorkerScenario.monday, on: connection)
        }
        let summary = try await s.runWorker()
        #expect(summary.jobsCompleted == 1 && summary.jobsFailed == 0)
        #expect(try await s.state(id) == .withdrawn)
        #expect(try await s.historyCount(id, event: "lapse") == 0)
        #expect(try await s.jobStates(id, kind: "lapse_check").last == "done")
        await s.close()
    }

    @Test func hetaoStraightThroughIssuesAndACancelledRegistrationOpensAReviewAtOnce() async throws {
        let s = try await WorkerScenario.create("worker_hetao")
        let applicant = try await s.applicant(serial: 141, employer: s.parkEmployer)
        try await ParkRegistry.register(applicant: applicant, employer: s.parkEmployer, on: CivilDate(iso: "2026-01-05")!, pool: s.db.pool)
        let id = try await s.submitted(applicant, category: .hetaoPark)
        try await s.runWorker()
        #expect(try await s.state(id) == .issued)
        #expect(try await s.historyCount(id, event: "approve") == 1)
        #expect(try await s.historyCount(id, event: "issue") == 1)
        #expect(try await s.db.count("SELECT count(*)::int FROM endorsements WHERE case_id = \(id) AND status = 'active'") == 1)

        let cancelledAt = ActingTime.endOfDay(CivilDate(iso: "2026-03-03")!, in: WorkerScenario.zone).addingTimeInterval(-3600)
        let opened = try await ParkRegistry.cancel(applicant: applicant, employer: s.parkEmployer, on: CivilDate(iso: "2026-03-03")!,
                                                   at: cancelledAt, pool: s.db.pool)
        #expect(opened == 1)
        #expect(try await s.db.count("SELECT count(*)::int FROM revocation_reviews r JOIN endorsements e USING (number) WHERE e.case_id = \(id)") == 1)
        #expect(try await s.historyCount(id, event: "revocation_review_opened") == 1)
        // The day's sweep is only the safety net: it opens no second review.
        let summary = try await s.runWorker(asOf: "2026-03-03")
        #expect(summary.sweeps.map(\.revocationReviews) == [0])
        #expect(try await s.db.count("SELECT count(*)::int FROM revocation_reviews r JOIN endorsements e USING (number) WHERE e.case_id = \(id)") == 1)
        // The same day again: the sweep already ran.
        #expect(try await s.runWorker(asOf: "2026-03-03").sweeps.isEmpty)
        await s.close()
    }

    @Test func aHetaoCaseWhoseRegistrationEndsBeforeTheDecisionIsRejected() async throws {
        let s = try await WorkerScenario.create("worker_hetao_open")
        let applicant = try await s.applicant(serial: 151, employer: s.parkEmployer)
        try await ParkRegistry.register(applicant: applicant, employer: s.parkEmployer, on: CivilDate(iso: "2026-01-05")!, pool: s.db.pool)
        let id = try await s.submitted(applicant, category: .hetaoPark)
        // Screen by hand as the worker would, then cancel the registration before the straight-through decision.
        try await s.cases.apply(.beginScreening, to: id, by: "system", at: WorkerScenario.monday)
        try await s.db.pool.withTransaction { connection in
            let outcome = try await s.cases.screeningOutcome(for: id, at: WorkerScenario.monday, on: connection)
            try await s.cases.apply(outcome.event, to: id, by: .system, at: WorkerScenario.monday, on: connection)
        }
        #expect(try await s.state(id) == .accepted)
        try await ParkRegistry.cancel(applicant: applicant, employer: s.parkEmployer, on: CivilDate(iso: "2026-03-02")!,
                                      at: WorkerScenario.monday, pool: s.db.pool)
        try await s.runWorker()
        let record = try await s.cases.load(id)
        #expect(record.caseFile.state == .rejected)
        #expect(record.caseFile.reasonCode?.contains("hetao") == true)
        await s.close()
    }

    @Test func issueWaitsForTheNewEEPThenIssues() async throws {
        let s = try await WorkerScenario.create("worker_new_eep")
        let applicant = try await s.applicant(serial: 161, eepExpires: "2027-01-01")
        let id = try await s.submitted(applicant, newEEP: true)
        try await s.runWorker()
        try await s.cases.apply(.receiveDocuments([.employmentCertificate, .titleCertificate]), to: id, by: "Ann Clerk", at: WorkerScenario.monday)
        try await s.runWorker()
        #expect(try await s.state(id) == .accepted)
        try await s.cases.apply(.startReview, to: id, by: "Bo Wen", at: WorkerScenario.monday)
        try await s.cases.apply(.approve(note: nil), to: id, by: "Cy Lam", at: WorkerScenario.monday)
        let waiting = try await s.runWorker()
        #expect(waiting.jobsPostponed == 1)
        #expect(try await s.state(id) == .approved)
        #expect(try await s.jobStates(id, kind: "issue") == ["queued"])
        // Put off by a day; recording the EEP (the same day) makes it due at once.
        #expect(try await s.runWorker().jobsCompleted == 0)
        let recordedAt = WorkerScenario.monday.addingTimeInterval(3600)
        let woken = try await ApplicantRegistry.recordEEP(applicant: applicant, number: "CB7654321", expiresOn: CivilDate(iso: "2036-03-01")!,
                                                          at: recordedAt, pool: s.db.pool)
        #expect(woken == 1)
        #expect(try await s.db.count("SELECT count(*)::int FROM jobs WHERE case_id = \(id) AND kind = 'issue' AND state = 'queued' AND due_at = \(recordedAt)") == 1)
        try await s.runWorker(asOf: "2026-03-02")
        #expect(try await s.state(id) == .issued)
        #expect(try await s.db.count("SELECT count(*)::int FROM endorsements WHERE case_id = \(id) AND eep_number = 'CB7654321'") == 1)
        await s.close()
    }

    @Test func expiryIsDrivenByTheAsOfSweep() async throws {
        let s = try await WorkerScenario.create("worker_expiry")
        let applicant = try await s.applicant(serial: 171, employer: s.parkEmployer)
        try await ParkRegistry.register(applicant: applicant, employer: s.parkEmployer, on: CivilDate(iso: "2026-01-05")!, pool: s.db.pool)
        let id = try await s.submitted(applicant, category: .hetaoPark)
        try await s.runWorker()
        let until = try await s.db.pool.withConnection { connection in
            try await connection.query("SELECT valid_until::text AS d FROM endorsements WHERE case_id = \(id)").first!.decode("d", as: String.self)
        }
        let lastDay = CivilDate(iso: until)!
        #expect(try await s.runWorker(asOf: lastDay.description).sweeps.first?.expired == 0)
        #expect(try await s.runWorker(asOf: lastDay.adding(days: 1).description).sweeps.first?.expired == 1)
        #expect(try await s.db.count("SELECT count(*)::int FROM endorsements WHERE case_id = \(id) AND status = 'expired'") == 1)
        await s.close()
    }

    @Test("from 1 December a run warns that next year's calendar is missing; not in November, not once it is loaded")
    func calendarWarning() async throws {
        let s = try await WorkerScenario.create("worker_calendar")
        let logs = LogStore()
        let logger = logs.logger(label: "test.calendar", level: .warning)
        func run(_ day: String) async throws -> Int {
            logs.removeAll()
            _ = try await WorkerRun.once(pool: s.db.pool, asOf: ActingTime.endOfDay(CivilDate(iso: day)!, in: WorkerScenario.zone),
                                         settings: WorkerSettings(workerID: "test"), logger: logger)
            return logs.records(containing: "2027 working-day calendar is not loaded").count
        }
        #expect(try await run("2026-11-30") == 0)
        #expect(try await run("2026-12-01") == 1)
        #expect(logs.records.first?.level == .warning)
        #expect(try await run("2026-12-02") == 1)
        #expect(CalendarWarning.message(on: CivilDate(iso: "2025-12-01")!, calendar: WorkingDayCalendar(years: [])) != nil)
        let loaded = try await s.db.pool.withConnection { try await s.cases.reference.data(on: $0).calendar }
        #expect(CalendarWarning.message(on: CivilDate(iso: "2025-12-01")!, calendar: loaded) == nil)   // 2026 is loaded
        await s.close()
    }
}
