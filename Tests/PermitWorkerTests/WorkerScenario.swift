import Foundation
import Logging
import PermitCore
import PermitStore
import PermitTestSupport
@testable import PermitWorker
import Postgres

/// A migrated, seeded test database with staff, a plain and a Hetao-park employer, and shortcuts to drive
/// cases through the case door and the worker.
struct WorkerScenario {
    let db: PermitDatabase
    let cases: CaseRepository
    /// The worker's own login (a member of permit_worker): the worker runs with exactly its privileges.
    let workerPool: PostgresPool
    let employer: String
    let parkEmployer: String
    /// Monday 2 March 2026, 10:00 in Shanghai.
    static let monday = ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    static func create(_ suite: String, maxConnections: Int = 6) async throws -> WorkerScenario {
        let db = try await PermitDatabase.create(suite, maxConnections: maxConnections, purpose: .training)
        for (name, role) in [("Ann Clerk", StaffRole.clerk), ("Bo Wen", .caseworker), ("Cy Lam", .caseworker), ("Di Supervisor", .supervisor)] {
            try await db.addStaff(name, role: role)
        }
        let serial = Int.random(in: 1..<900_000_000)
        let employer = try await EmployerRegistry.add(creditCode: Fixtures.creditCode(serial: serial), name: "Shenzhen Institute",
                                                      city: "shenzhen", inHetaoPark: false, pool: db.pool).creditCode
        let park = try await EmployerRegistry.add(creditCode: Fixtures.creditCode(serial: serial + 1), name: "Hetao Lab",
                                                  city: "shenzhen", inHetaoPark: true, pool: db.pool).creditCode
        let worker = try await db.login("worker", role: .worker)
        return WorkerScenario(db: db, cases: CaseRepository(pool: db.pool, logger: db.logger),
                              workerPool: db.pool(for: worker, maxConnections: maxConnections), employer: employer, parkEmployer: park)
    }

    func applicant(serial: Int, employer: String? = nil, eepExpires: String = "2034-01-01") async throws -> UUID {
        try await ApplicantRegistry.add(NewApplicant(
            nationalID: Fixtures.nationalID(serial: serial), name: "Applicant \(serial)", birthDate: CivilDate(iso: "1985-03-12")!,
            workCity: "shenzhen", employerCode: employer ?? self.employer, eepNumber: "CA\(1_000_000 + serial)",
            eepExpiresOn: CivilDate(iso: eepExpires)!), at: Self.monday, pool: db.pool)
    }

    /// Opens and submits a case on Monday; its screen job is then due.
    func submitted(_ applicant: UUID, category: TalentCategory = .research, newEEP: Bool = false) async throws -> UUID {
        let id = try await cases.open(NewCase(applicantID: applicant, category: category, destinations: [.hongKong], newEEPRequested: newEEP),
                                      by: "Ann Clerk", at: Self.monday).caseFile.id
        try await cases.apply(.submit, to: id, by: "Ann Clerk", at: Self.monday)
        return id
    }

    /// Runs the worker once as at the end of `day` (Shanghai).
    @discardableResult
    func runWorker(asOf day: String = "2026-03-02", concurrency: Int = 2) async throws -> WorkerRunSummary {
        let asOf = ActingTime.endOfDay(CivilDate(iso: day)!, in: Self.zone)
        return try await WorkerRun.once(pool: workerPool, asOf: asOf, settings: WorkerSettings(concurrency: concurrency, workerID: "test"),
                                        logger: db.logger)
    }

    func state(_ id: UUID) async throws -> CaseState {
        try await cases.load(id).caseFile.state
    }

    /// History rows of a case with this event.
    func historyCount(_ id: UUID, event: String) async throws -> Int {
        try await db.count("SELECT count(*)::int FROM case_transitions WHERE case_id = \(id) AND event = \(event)")
    }

    /// The state of the case's one job of `kind`.
    func jobStates(_ id: UUID, kind: String) async throws -> [String] {
        try await db.pool.withConnection { connection in
            try await connection.query("SELECT state FROM jobs WHERE case_id = \(id) AND kind = \(kind) ORDER BY id")
                .map { try $0.decode("state", as: String.self) }
        }
    }

    func close() async {
        await workerPool.close()
        await db.close()
    }
}
