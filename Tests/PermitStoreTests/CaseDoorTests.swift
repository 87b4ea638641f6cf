import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

@Suite("The case door")
struct CaseDoorTests {
    @Test func aResearchCaseGoesFromDraftToIssuedWithOneHistoryRowPerChange() async throws {
        let s = try await StoreScenario.create("door_life")
        let applicant = try await s.applicant(serial: 1)
        let opened = try await s.cases.open(NewCase(applicantID: applicant, category: .research, destinations: [.macao, .hongKong]),
                                            by: "Ann Clerk", at: StoreScenario.monday)
        let id = opened.caseFile.id
        #expect(opened.caseFile.destinations == [.hongKong, .macao])
        try await s.cases.apply(.submit, to: id, by: "Ann Clerk", at: StoreScenario.monday)
        let notice = try await s.screen(id)
        #expect(notice.caseFile.state == .awaitingDocuments)
        #expect(notice.caseFile.missingDocuments == [.employmentCertificate, .titleCertificate])
        try await s.cases.apply(.receiveDocuments([.employmentCertificate, .titleCertificate]), to: id, by: "Ann Clerk",
                                at: StoreScenario.monday)
        let accepted = try await s.screen(id)
        #expect(accepted.caseFile.state == .accepted)
        #expect(accepted.caseFile.deadlines.decisionBy != nil)
        try await s.cases.apply(.startReview, to: id, by: "Bo Wen", at: StoreScenario.monday)

        // Four-eyes: the reviewer may not approve; the clerk who prepared it is not allowed either.
        await #expect(throws: StoreError.self) {
            try await s.cases.apply(.approve(note: nil), to: id, by: "Bo Wen", at: StoreScenario.monday)
        }
        try await s.cases.apply(.approve(note: "documents verified"), to: id, by: "Cy Lam", at: StoreScenario.monday)
        let issued = try await s.system(.issue, id)
        #expect(issued.caseFile.state == .issued)

        let endorsements = try await s.db.pool.withConnection { connection in
            try await connection.query("""
                SELECT destination, valid_from::text AS f, valid_until::text AS u, max_stay_days, fee_cny, status, policy_version
                  FROM endorsements WHERE case_id = \(id) ORDER BY destination
                """).map { row in
                [try row.decode("destination", as: String.self), try row.decode("f", as: String.self), try row.decode("u", as: String.self),
                 "\(try row.decode("max_stay_days", as: Int.self))", "\(try row.decode("fee_cny", as: Int.self))",
                 try row.decode("status", as: String.self), try row.decode("policy_version", as: String.self)]
            }
        }
        #expect(endorsements == [
            ["HK", "2026-03-02", "2029-03-01", "30", "240", "active", "2025-11-05"],
            ["MO", "2026-03-02", "2029-03-01", "30", "240", "active", "2025-11-05"],
        ])
        let history = try await s.db.pool.withConnection { try await CaseHistory.entries(of: id, on: $0) }
        #expect(history.map(\.seq) == Array(1...history.count))
        #expect(history.map(\.event) == ["open", "submit", "begin_screening", "request_documents", "receive_documents",
                                         "screening_passed", "start_review", "approve", "issue"])
        #expect(history.last?.actor == "system")
        #expect(try await s.db.count("SELECT version FROM applications WHERE id = \(id)") == history.count)
        #expect(try await s.db.count("SELECT count(*)::int FROM case_documents WHERE case_id = \(id)") == 2)
        await s.close()
    }

    @Test func twoCaseworkersRacingOnOneCaseOneWinsTheOtherGetsAConflict() async throws {
        let s = try await StoreScenario.create("door_race")
        let applicant = try await s.applicant(serial: 2)
        let id = try await s.cases.open(NewCase(applicantID: applicant, category: .legal, destinations: [.hongKong]),
                                        by: "Ann Clerk", at: StoreScenario.monday).caseFile.id
        try await s.cases.apply(.submit, to: id, by: "Ann Clerk", at: StoreScenario.monday)
        let version = try await s.cases.load(id).version
        async let first: CaseStep = s.cases.apply(.claim, to: id, by: "Bo Wen", at: StoreScenario.monday, expectedVersion: version)
        async let second: CaseStep = s.cases.apply(.claim, to: id, by: "Cy Lam", at: StoreScenario.monday, expectedVersion: version)
        var outcomes: [Result<CaseStep, any Error>] = []
        do { outcomes.append(.success(try await first)) } catch { outcomes.append(.failure(error)) }
        do { outcomes.append(.success(try await second)) } catch { outcomes.append(.failure(error)) }
        let wins = outcomes.filter { if case .success = $0 { true } else { false } }
        let conflicts = outcomes.filter { if case .failure(let e as StoreError) = $0 { e.code == .conflict } else { false } }
        #expect(wins.count == 1)
        #expect(conflicts.count == 1)
        #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(id) AND event = 'claim'") == 1)
        await s.close()
    }

    @Test func aRefusalWritesNothing() async throws {
        let s = try await StoreScenario.create("door_refusal")
        let applicant = try await s.applicant(serial: 3)
        let id = try await s.cases.open(NewCase(applicantID: applicant, category: .research, destinations: [.hongKong]),
                                        by: "Ann Clerk", at: StoreScenario.monday).caseFile.id
        let before = try await s.db.count("SELECT count(*)::int FROM case_transitions")
        let jobs = try await s.db.count("SELECT count(*)::int FROM jobs")
        do {
            try await s.cases.apply(.approve(note: nil), to: id, by: "Cy Lam", at: StoreScenario.monday)
            Issue.record("approving a draft was allowed")
        } catch let error as StoreError {
            #expect(error.code == .refused)
        }
        do {
            try await s.cases.apply(.submit, to: id, by: "Nobody Known", at: StoreScenario.monday)
            Issue.record("an unknown person acted")
        } catch let error as StoreError {
            #expect(error.refusal?.code == "unknown_actor")
        }
        #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions") == before)
        #expect(try await s.db.count("SELECT count(*)::int FROM jobs") == jobs)
        #expect(try await s.cases.load(id).caseFile.state == .draft)
        await s.close()
    }

    @Test func namesFullOfQuotesAreStoredVerbatim() async throws {
        let s = try await StoreScenario.create("door_quotes")
        let name = "O'Brien \"); DROP TABLE applicants; -- 王小明"
        let id = try await ApplicantRegistry.add(NewApplicant(
            nationalID: Fixtures.nationalID(serial: 77), name: name, birthDate: CivilDate(iso: "1985-03-12")!,
            workCity: "shenzhen", employerCode: s.employer, eepNumber: "CB7777777", eepExpiresOn: CivilDate(iso: "2033-01-01")!),
            at: StoreScenario.monday, pool: s.db.pool)
        #expect(try await ApplicantRegistry.show(id, pool: s.db.pool).name == name)
        await s.close()
    }

    @Test func aWrongNationalIDCheckCharacterIsRefused() async throws {
        let s = try await StoreScenario.create("door_national_id")
        var wrong = Fixtures.nationalID(serial: 5)
        let last = wrong.removeLast()
        wrong.append(last == "1" ? "2" : "1")
        do {
            _ = try await ApplicantRegistry.add(NewApplicant(
                nationalID: wrong, name: "X", birthDate: CivilDate(iso: "1985-03-12")!, workCity: "shenzhen",
                employerCode: s.employer, eepNumber: "CB5555555", eepExpiresOn: CivilDate(iso: "2033-01-01")!),
                at: StoreScenario.monday, pool: s.db.pool)
            Issue.record("a wrong check character was accepted")
        } catch let error as StoreError {
            #expect(error.field == "national-id")
        }
        #expect(try await s.db.count("SELECT count(*)::int FROM applicants") == 0)
        await s.close()
    }
}
