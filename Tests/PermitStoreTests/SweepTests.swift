import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

@Suite("Endorsement sweeps")
struct SweepTests {
    func issue(_ s: StoreScenario, applicant: UUID, category: TalentCategory = .legal) async throws -> UUID {
        if category == .legal {
            try await ParkRegistry.addToList(.arbitrators, applicant: applicant, on: CivilDate(iso: "2026-01-01")!, pool: s.db.pool)
        }
        let id = try await s.cases.open(NewCase(applicantID: applicant, category: category, destinations: [.hongKong]),
                                        by: "Ann Clerk", at: StoreScenario.monday).caseFile.id
        try await s.cases.apply(.submit, to: id, by: "Ann Clerk", at: StoreScenario.monday)
        var step = try await s.screen(id)
        if step.caseFile.state == .awaitingDocuments {
            try await s.cases.apply(.receiveDocuments(Array(step.caseFile.missingDocuments)), to: id, by: "Ann Clerk", at: StoreScenario.monday)
            step = try await s.screen(id)
        }
        if step.caseFile.state == .accepted && category != .hetaoPark {
            try await s.cases.apply(.startReview, to: id, by: "Bo Wen", at: StoreScenario.monday)
            try await s.cases.apply(.approve(note: nil), to: id, by: "Cy Lam", at: StoreScenario.monday)
        }
        try await s.system(.issue, id)
        return id
    }

    func number(_ s: StoreScenario, case id: UUID) async throws -> String {
        try await s.db.pool.withConnection {
            try await $0.query("SELECT number FROM endorsements WHERE case_id = \(id)").first!.decode("number", as: String.self)
        }
    }

    func status(_ s: StoreScenario, case id: UUID) async throws -> String {
        try await s.db.pool.withConnection {
            try await $0.query("SELECT status FROM endorsements WHERE case_id = \(id)").first!.decode("status", as: String.self)
        }
    }

    @Test func expiryVoidAndRemindersOnTheirDays() async throws {
        let s = try await StoreScenario.create("sweep_days")
        let expiring = try await issue(s, applicant: try await s.applicant(serial: 21))   // legal: 2026-03-02 … 2027-03-01
        let voiding = try await issue(s, applicant: try await s.applicant(serial: 22))
        try await s.db.pool.withConnection { connection in
            _ = try await connection.query("""
                UPDATE travel_documents SET cancelled_on = '2026-06-01'
                 WHERE number = (SELECT eep_number FROM endorsements WHERE case_id = \(voiding))
                """)
        }
        // 90 days before 2027-03-01 is 2026-12-01: the reminder is due then, not the day before.
        let monday = StoreScenario.monday
        var report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: CivilDate(iso: "2026-05-31")!, at: monday, on: $0) }
        #expect(report.expired == 0 && report.voided == 0)
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: CivilDate(iso: "2026-06-01")!, at: monday, on: $0) }
        #expect(report.voided == 1)
        #expect(try await status(s, case: voiding) == "void")
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: CivilDate(iso: "2026-11-30")!, at: monday, on: $0) }
        #expect(report.reminders == 0)
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: CivilDate(iso: "2026-12-01")!, at: monday, on: $0) }
        #expect(report.reminders == 1)
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: CivilDate(iso: "2026-12-02")!, at: monday, on: $0) }
        #expect(report.reminders == 0)
        #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(expiring) AND event = 'renewal_reminder'") == 1)
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: CivilDate(iso: "2027-03-01")!, at: monday, on: $0) }
        #expect(report.expired == 0)
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: CivilDate(iso: "2027-03-02")!, at: monday, on: $0) }
        #expect(report.expired == 1)
        #expect(try await status(s, case: expiring) == "expired")
        #expect(try await s.db.count("SELECT count(*)::int FROM endorsement_events WHERE to_status IN ('void', 'expired')") == 2)
        await s.close()
    }

    @Test func aReminderNeverGoesToAnEndorsementThatHasEndedByTheDay() async throws {
        let s = try await StoreScenario.create("sweep_late_reminder")
        let ended = try await issue(s, applicant: try await s.applicant(serial: 23))      // legal: … 2027-03-01, reminder 2026-12-01
        let eepEnds = try await issue(s, applicant: try await s.applicant(serial: 24))
        let running = try await issue(s, applicant: try await s.applicant(serial: 25))
        let eepCancelled = try await issue(s, applicant: try await s.applicant(serial: 26))
        try await s.db.pool.withConnection { connection in
            // Its EEP was cancelled (the day before the swept day is its last): voided, not reminded.
            _ = try await connection.query("""
                UPDATE travel_documents SET cancelled_on = '2027-03-02'
                 WHERE number = (SELECT eep_number FROM endorsements WHERE case_id = \(eepCancelled))
                """)
            _ = try await connection.query("UPDATE endorsements SET valid_from = '2026-03-06', valid_until = '2027-03-05' WHERE case_id = \(eepCancelled)")
            // Issued later: its last day is after the swept day, so its (overdue) reminder still goes out.
            _ = try await connection.query("UPDATE endorsements SET valid_from = '2026-03-06', valid_until = '2027-03-05' WHERE case_id = \(running)")
            // Its EEP runs out before the swept day (it is voided, not reminded).
            _ = try await connection.query("""
                UPDATE endorsements SET eep_expires_on = '2027-02-01', valid_until = '2027-02-01' WHERE case_id = \(eepEnds)
                """)
        }
        // No sweep ran for months: on 2027-03-02 all four reminders are overdue.
        let day = CivilDate(iso: "2027-03-02")!
        let reminded = try await s.db.pool.withTransaction { try await EndorsementSweeps.remind(day: day, at: StoreScenario.monday, on: $0) }
        #expect(reminded == 1)
        let ending = try await s.db.pool.withTransaction { try await EndorsementSweeps.endValidity(day: day, at: StoreScenario.monday, on: $0) }
        #expect(ending.expired == 2 && ending.voided == 1)
        for id in [ended, eepEnds, eepCancelled] {
            #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(id) AND event = 'renewal_reminder'") == 0)
        }
        #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(running) AND event = 'renewal_reminder'") == 1)
        await s.close()
    }

    @Test func remindersSplitByCaseCoverEveryCaseOnce() async throws {
        let s = try await StoreScenario.create("sweep_reminder_shards")
        var ids: [UUID] = []
        for serial in 31...36 { ids.append(try await issue(s, applicant: try await s.applicant(serial: serial))) }
        let day = CivilDate(iso: "2026-12-01")!   // the reminder day of these legal endorsements
        var total = 0
        for shard in 0..<2 {
            total += try await s.db.pool.withTransaction {
                try await EndorsementSweeps.remind(day: day, at: StoreScenario.monday, shard: shard, of: 2, on: $0)
            }
        }
        #expect(total == ids.count)
        for id in ids {
            #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(id) AND event = 'renewal_reminder'") == 1)
        }
        await s.close()
    }

    /// A Hetao case for `applicant`, registered with the park employer, screened, decided by the system and issued.
    func issuedHetao(_ s: StoreScenario, applicant: UUID) async throws -> UUID {
        try await ParkRegistry.register(applicant: applicant, employer: s.parkEmployer, on: CivilDate(iso: "2026-01-05")!, pool: s.db.pool)
        let id = try await s.cases.open(NewCase(applicantID: applicant, category: .hetaoPark, destinations: [.hongKong]),
                                        by: "Ann Clerk", at: StoreScenario.monday).caseFile.id
        try await s.cases.apply(.submit, to: id, by: "Ann Clerk", at: StoreScenario.monday)
        try await s.screen(id)
        let decision = try await s.db.pool.withTransaction { connection -> CaseEvent? in
            let record = try await s.cases.load(id, on: connection)
            let facts = try await CaseFactsLookup.facts(for: id, on: connection)
            let data = try await s.cases.reference.data(on: connection)
            return AutomaticDecision.decide(record.caseFile, facts: facts, policies: data.policies, on: CivilDate(iso: "2026-03-02")!)
        }
        #expect(decision == .approve(note: decision.flatMap { if case .approve(let note) = $0 { note } else { nil } }))
        try await s.system(try #require(decision), id)
        try await s.system(.issue, id)
        #expect(try await status(s, case: id) == "active")
        return id
    }

    @Test func aCancelledHetaoRegistrationOpensOneRevocationReview() async throws {
        let s = try await StoreScenario.create("sweep_hetao")
        let applicant = try await s.applicant(serial: 31, employer: s.parkEmployer)
        let id = try await issuedHetao(s, applicant: applicant)

        let day = CivilDate(iso: "2026-04-01")!
        var report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: day, at: StoreScenario.monday, on: $0) }
        #expect(report.revocationReviews == 0)
        // The cancellation opens the review in its own transaction; the sweeps after it open none.
        let opened = try await ParkRegistry.cancel(applicant: applicant, employer: s.parkEmployer, on: day, at: StoreScenario.monday, pool: s.db.pool)
        #expect(opened == 1)
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: day, at: StoreScenario.monday, on: $0) }
        #expect(report.revocationReviews == 0)
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: day.adding(days: 1), at: StoreScenario.monday, on: $0) }
        #expect(report.revocationReviews == 0)
        #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(id) AND event = 'revocation_review_opened'") == 1)
        #expect(try await s.db.count("""
            SELECT count(*)::int FROM case_transitions
             WHERE case_id = \(id) AND event = 'revocation_review_opened' AND metadata->>'opened_by' = 'registration_cancelled'
            """) == 1)
        // A supervisor keeps the endorsement: the next days' sweeps do not open the review again.
        let supervisor = s.db.pool(for: try await s.db.login("Di Lu", role: .supervisor))
        try await EndorsementRevocation.keep(try await number(s, case: id), at: StoreScenario.monday, pool: supervisor)
        await supervisor.close()
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: day.adding(days: 2), at: StoreScenario.monday, on: $0) }
        #expect(report.revocationReviews == 0)
        await s.close()
    }

    @Test func theSweepIsTheSafetyNetForARegistrationCancelledSomeOtherWay() async throws {
        let s = try await StoreScenario.create("sweep_hetao_net")
        let applicant = try await s.applicant(serial: 32, employer: s.parkEmployer)
        let id = try await issuedHetao(s, applicant: applicant)
        try await s.db.pool.withConnection { connection in
            _ = try await connection.query("""
                UPDATE hetao_registrations SET status = 'cancelled', cancelled_on = '2026-04-01' WHERE applicant_id = \(applicant)
                """)
        }
        var report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: CivilDate(iso: "2026-04-01")!, at: StoreScenario.monday, on: $0) }
        #expect(report.revocationReviews == 1)
        report = try await s.db.pool.withTransaction { try await EndorsementSweeps.run(day: CivilDate(iso: "2026-04-02")!, at: StoreScenario.monday, on: $0) }
        #expect(report.revocationReviews == 0)
        #expect(try await s.db.count("""
            SELECT count(*)::int FROM case_transitions
             WHERE case_id = \(id) AND event = 'revocation_review_opened' AND metadata->>'opened_by' = 'daily_sweep'
            """) == 1)
        await s.close()
    }
}
