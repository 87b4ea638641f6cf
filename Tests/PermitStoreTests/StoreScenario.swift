import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres

/// People, an employer and applicants in a fresh database, and shortcuts to drive cases through the door.
struct StoreScenario {
    let db: PermitDatabase
    let cases: CaseRepository
    let employer: String
    let parkEmployer: String
    /// Monday 2 March 2026, 10:00 in Shanghai.
    static let monday = ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!

    static func create(_ suite: String) async throws -> StoreScenario {
        let db = try await PermitDatabase.create(suite, purpose: .training)
        for (name, role) in [("Ann Clerk", StaffRole.clerk), ("Bo Wen", .caseworker), ("Cy Lam", .caseworker), ("Di Supervisor", .supervisor)] {
            try await db.addStaff(name, role: role)
        }
        let serial = Int.random(in: 1..<900_000_000)
        let employer = try await EmployerRegistry.add(creditCode: Fixtures.creditCode(serial: serial), name: "Shenzhen Institute",
                                                      city: "shenzhen", inHetaoPark: false, pool: db.pool).creditCode
        let park = try await EmployerRegistry.add(creditCode: Fixtures.creditCode(serial: serial + 1), name: "Hetao Lab",
                                                  city: "shenzhen", inHetaoPark: true, pool: db.pool).creditCode
        return StoreScenario(db: db, cases: CaseRepository(pool: db.pool, logger: db.logger), employer: employer, parkEmployer: park)
    }

    func applicant(serial: Int, employer: String? = nil, eepExpires: String = "2034-01-01") async throws -> UUID {
        try await ApplicantRegistry.add(NewApplicant(
            nationalID: Fixtures.nationalID(serial: serial), name: "Applicant \(serial)", birthDate: CivilDate(iso: "1985-03-12")!,
            workCity: "shenzhen", employerCode: employer ?? self.employer, eepNumber: "CA\(1_000_000 + serial)",
            eepExpiresOn: CivilDate(iso: eepExpires)!), at: Self.monday, pool: db.pool)
    }

    /// A research case for a new applicant `serial`, opened by the clerk and (unless `submitted` is false) submitted.
    func researchCase(serial: Int, category: TalentCategory = .research, submitted: Bool = true) async throws -> UUID {
        let applicant = try await applicant(serial: serial)
        let id = try await cases.open(NewCase(applicantID: applicant, category: category, destinations: [.hongKong]),
                                      by: "Ann Clerk", at: Self.monday).caseFile.id
        if submitted { try await cases.apply(.submit, to: id, by: "Ann Clerk", at: Self.monday) }
        return id
    }

    /// Fires `event` as the worker would.
    @discardableResult
    func system(_ event: CaseEvent, _ id: UUID, at now: Date = monday) async throws -> CaseStep {
        try await cases.apply(event, to: id, by: "system", at: now)
    }

    /// Runs screening as the worker does: begin, then whatever the checks decide.
    @discardableResult
    func screen(_ id: UUID, at now: Date = monday) async throws -> CaseStep {
        if try await cases.load(id).caseFile.state == .submitted {
            try await system(.beginScreening, id, at: now)
        }
        return try await db.pool.withTransaction { connection in
            let record = try await cases.load(id, on: connection)
            let data = try await cases.reference.data(on: connection)
            let facts = try await CaseFactsLookup.facts(for: id, on: connection)
            let outcome = Screening.evaluate(record.caseFile, facts: facts, policies: data.policies,
                                             on: CivilDate.today(in: data.policies.timeZone, now: now))
            return try await cases.apply(outcome.event, to: id, by: .system, at: now, on: connection)
        }
    }

    func close() async {
        await db.close()
    }
}
