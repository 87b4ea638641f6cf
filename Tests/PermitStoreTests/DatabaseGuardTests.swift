import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

/// The database guards the invariants itself, whatever a client sends.
@Suite("Database guards")
struct DatabaseGuardTests {
    func issuedCase(_ s: StoreScenario, serial: Int) async throws -> UUID {
        let applicant = try await s.applicant(serial: serial)
        let id = try await s.cases.open(NewCase(applicantID: applicant, category: .research, destinations: [.hongKong]),
                                        by: "Ann Clerk", at: StoreScenario.monday).caseFile.id
        try await s.cases.apply(.submit, to: id, by: "Ann Clerk", at: StoreScenario.monday)
        try await s.screen(id)
        try await s.cases.apply(.receiveDocuments([.employmentCertificate, .titleCertificate]), to: id, by: "Ann Clerk", at: StoreScenario.monday)
        try await s.screen(id)
        try await s.cases.apply(.startReview, to: id, by: "Bo Wen", at: StoreScenario.monday)
        try await s.cases.apply(.approve(note: nil), to: id, by: "Cy Lam", at: StoreScenario.monday)
        try await s.system(.issue, id)
        return id
    }

    func refused(_ s: StoreScenario, _ sql: PostgresQuery) async -> PostgresError? {
        do {
            try await s.db.pool.withTransaction { _ = try await $0.query(sql) }
            return nil
        } catch let error as PostgresError {
            return error
        } catch {
            return nil
        }
    }

    @Test func historyCannotBeUpdatedDeletedOrTruncated() async throws {
        let s = try await StoreScenario.create("guard_history")
        let id = try await issuedCase(s, serial: 11)
        let rows = try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(id)")
        #expect(await refused(s, "UPDATE case_transitions SET actor = 'Bo Wen' WHERE case_id = \(id)") != nil)
        #expect(await refused(s, "DELETE FROM case_transitions WHERE case_id = \(id)") != nil)
        #expect(await refused(s, "TRUNCATE case_transitions CASCADE") != nil)
        #expect(await refused(s, "DELETE FROM endorsement_events") != nil)
        #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(id)") == rows)
        await s.close()
    }

    @Test func aStateChangeWithoutItsHistoryRowIsRefusedAtCommit() async throws {
        let s = try await StoreScenario.create("guard_written")
        let id = try await issuedCase(s, serial: 12)
        let error = await refused(s, "UPDATE applications SET state = 'rejected', reason_code = 'x', version = version + 1 WHERE id = \(id)")
        #expect(error?.constraint == "history_written")
        #expect(try await s.cases.load(id).caseFile.state == .issued)
        await s.close()
    }

    @Test func fourEyesIsRefusedAtTheDatabaseDoor() async throws {
        let s = try await StoreScenario.create("guard_four_eyes")
        let applicant = try await s.applicant(serial: 13)
        let id = try await s.cases.open(NewCase(applicantID: applicant, category: .legal, destinations: [.hongKong]),
                                        by: "Ann Clerk", at: StoreScenario.monday).caseFile.id
        try await s.cases.apply(.submit, to: id, by: "Bo Wen", at: StoreScenario.monday)
        let version = try await s.cases.load(id).version
        let error = await refused(s, """
            INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, at)
            VALUES (\(id), \(version + 1), 'under_review', 'approved', 'approve', 'Bo Wen', now())
            """)
        #expect(error?.constraint == "four_eyes")
        let direct = await refused(s, "UPDATE applications SET approved_by = 'Bo Wen', version = version + 1 WHERE id = \(id)")
        #expect(direct?.isCheckViolation == true)
        // Any change of a case is a new version (with its history row): a quiet edit is refused at once.
        let quiet = await refused(s, "UPDATE applications SET assignee = NULL WHERE id = \(id)")
        #expect(quiet?.constraint == "history_written")
        await s.close()
    }

    @Test func endorsementsKeepTheirInvariants() async throws {
        let s = try await StoreScenario.create("guard_endorsements")
        let id = try await issuedCase(s, serial: 14)
        let number = try await s.db.pool.withConnection {
            try await $0.query("SELECT number FROM endorsements WHERE case_id = \(id)").first!.decode("number", as: String.self)
        }
        // invariant 3: a second active endorsement for the same applicant and destination
        let duplicate = await refused(s, """
            INSERT INTO endorsements (number, case_id, applicant_id, destination, category, valid_from, valid_until, validity_years,
                max_stay_days, fee_cny, policy_version, eep_number, eep_expires_on, status, issued_at, reminder_due_on)
            SELECT 'X' || number, case_id, applicant_id, destination, category, valid_from, valid_until, validity_years,
                max_stay_days, fee_cny, policy_version, eep_number, eep_expires_on, 'active', issued_at, reminder_due_on
              FROM endorsements WHERE number = \(number)
            """)
        #expect(duplicate?.isUniqueViolation == true)
        // invariant 1: never past the EEP; invariant 2: never longer than the category's validity
        #expect(await refused(s, "UPDATE endorsements SET valid_until = eep_expires_on + 1 WHERE number = \(number)")?.isCheckViolation == true)
        #expect(await refused(s, "UPDATE endorsements SET valid_until = valid_from + interval '3 years' WHERE number = \(number)")?.isCheckViolation == true)
        // invariant 5: a revocation carries its reason code
        #expect(await refused(s, "UPDATE endorsements SET status = 'revoked' WHERE number = \(number)")?.isCheckViolation == true)
        await s.close()
    }

    @Test("history far from the server's clock is refused in production, and accepted on a training or what-if copy")
    func actingTimeFollowsThePurpose() async throws {
        let db = try await PermitDatabase.create("guard_acting_time")
        try await db.addStaff("Ann Clerk", role: .clerk)
        let employer = try await EmployerRegistry.add(creditCode: Fixtures.creditCode(serial: 4242), name: "Institute", city: "shenzhen",
                                                      inHetaoPark: false, pool: db.pool).creditCode
        let applicant = try await ApplicantRegistry.add(NewApplicant(
            nationalID: Fixtures.nationalID(serial: 42), name: "Applicant 42", birthDate: CivilDate(iso: "1985-03-12")!,
            workCity: "shenzhen", employerCode: employer, eepNumber: "CA0000042", eepExpiresOn: CivilDate(iso: "2036-01-01")!),
            at: Date(), pool: db.pool)
        let cases = CaseRepository(pool: db.pool, logger: db.logger)
        let request = NewCase(applicantID: applicant, category: .research, destinations: [.hongKong])
        #expect(try await DatabasePurpose.current(pool: db.pool).purpose == .production)
        do {
            _ = try await cases.open(request, by: "Ann Clerk", at: StoreScenario.monday)
            Issue.record("a case opened on 2 March was accepted in production")
        } catch let error as StoreError {
            #expect(error.code == .refused && error.refusal?.code == DatabasePurpose.refusalCode, "\(error)")
        }
        #expect(try await db.count("SELECT count(*)::int FROM applications") == 0)
        // Now is fine in production; so is anything on a copy marked for training or what-if questions.
        let now = try await cases.open(request, by: "Ann Clerk", at: Date()).caseFile.id
        #expect(try await DatabasePurpose.record(.whatIf, note: "a copy", pool: db.pool).purpose == .whatIf)
        try await cases.apply(.withdraw(note: nil), to: now, by: "Ann Clerk", at: StoreScenario.monday)
        let future = try #require(ActingTime(parsing: "2031-01-06T10:00")).instant
        _ = try await cases.open(request, by: "Ann Clerk", at: future)
        #expect(try await db.count("SELECT count(*)::int FROM case_transitions WHERE at < now() - interval '1 day' OR at > now() + interval '1 day'") == 2)
        await db.close()
    }

    @Test("a new EEP recorded while a worker puts the issue off is seen: the check waits for the recording to commit")
    func newEEPWaitSeesAConcurrentRecording() async throws {
        let s = try await StoreScenario.create("guard_new_eep_wait")
        let applicant = try await s.applicant(serial: 15, eepExpires: "2027-01-01")
        let id = try await s.cases.open(NewCase(applicantID: applicant, category: .research, destinations: [.hongKong], newEEPRequested: true),
                                        by: "Ann Clerk", at: StoreScenario.monday).caseFile.id
        #expect(try await s.db.pool.withTransaction { try await NewEEPWait.newEEPRecorded(forCase: id, on: $0) } == false)
        // A recording transaction holds the applicant while it inserts the EEP, and has not committed yet.
        let recording = try await PostgresConnection.connect(s.db.database.configuration, logger: s.db.logger)
        try await recording.execute(simpleSQL: "BEGIN")
        #expect(try await NewEEPWait.lockForRecording(applicant: applicant, on: recording))
        try await recording.query("""
            INSERT INTO travel_documents (number, applicant_id, expires_on, recorded_at) VALUES ('CB0000015', \(applicant), '2036-01-01', now())
            """)
        let checking = Task { try await s.db.pool.withTransaction { try await NewEEPWait.newEEPRecorded(forCase: id, on: $0) } }
        try await Task.sleep(for: .milliseconds(300))
        try await recording.execute(simpleSQL: "COMMIT")
        #expect(try await checking.value == true)
        await recording.close()
        await s.close()
    }
}
