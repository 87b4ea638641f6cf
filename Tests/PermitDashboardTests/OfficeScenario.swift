import Foundation
import Logging
import PermitCore
import PermitStore
import PermitTestSupport
import PermitWorker
import Postgres

/// An office with cases placed around today's decision deadlines, built through the case door and the worker:
/// one past its deadline, one near it, one on track, one decided, one waiting for documents, and a dead job.
struct OfficeScenario {
    let pool: PostgresPool
    let today: CivilDate
    let zone: TimeZone
    let calendar: WorkingDayCalendar
    var past: UUID!, near: UUID!, onTrack: UUID!, decided: UUID!, waiting: UUID!

    /// Builds the office once per database (a second call finds the cases already there and reuses them).
    static func build(on configuration: PostgresConfiguration, logger: Logger) async throws -> OfficeScenario {
        let pool = PostgresPool(configuration: configuration, maxConnections: 4, logger: logger)
        let data = try await pool.withConnection { try await ReferenceData.load(on: $0) }
        let zone = data.policies.timeZone
        var office = OfficeScenario(pool: pool, today: CivilDate.today(in: zone, now: Date()), zone: zone, calendar: data.calendar)
        let cases = CaseRepository(pool: pool, logger: logger)
        for (name, role) in [("Ann Clerk", StaffRole.clerk), ("Bo Wen", .caseworker), ("Cy Lam", .caseworker)] {
            _ = try await pool.withConnection { try await StaffDirectory.recordWithoutLogin(name: name, role: role, on: $0) }
        }
        let serial = Int.random(in: 1..<900_000_000)
        let employer = try await EmployerRegistry.add(creditCode: Fixtures.creditCode(serial: serial), name: "Shenzhen Institute",
                                                      city: "shenzhen", inHetaoPark: false, pool: pool).creditCode
        var next = serial % 100_000
        func workingDaysBefore(_ count: Int) -> CivilDate {
            var day = office.today
            var left = count
            while left > 0 {
                day = day.adding(days: -1)
                if office.calendar.isWorkingDay(day) { left -= 1 }
            }
            return day
        }
        func at(_ day: CivilDate, hour: Double = 10) -> Date { day.startOfDay(in: zone).addingTimeInterval(hour * 3600) }
        func worker(_ instant: Date) async throws {
            _ = try await WorkerRun.once(pool: pool, asOf: instant, settings: WorkerSettings(concurrency: 1, workerID: "office"),
                                         logger: logger)
        }
        /// A research case submitted on `day`, screened, documents received and accepted that day.
        func accepted(on day: CivilDate, documents: Bool = true) async throws -> UUID {
            next += 1
            let applicant = try await ApplicantRegistry.add(NewApplicant(
                nationalID: Fixtures.nationalID(serial: next), name: "Applicant \(next)", birthDate: CivilDate(iso: "1985-03-12")!,
                workCity: "shenzhen", employerCode: employer, eepNumber: "CA\(1_000_000 + next)",
                eepExpiresOn: CivilDate(iso: "2040-01-01")!), at: at(day, hour: 8.5), pool: pool)
            let id = try await cases.open(NewCase(applicantID: applicant, category: .research, destinations: [.hongKong]),
                                          by: "Ann Clerk", at: at(day, hour: 8.5)).caseFile.id
            try await cases.apply(.submit, to: id, by: "Ann Clerk", at: at(day, hour: 9))
            try await worker(at(day, hour: 9.5))
            if documents {
                try await cases.apply(.receiveDocuments([.employmentCertificate, .titleCertificate]), to: id, by: "Ann Clerk", at: at(day, hour: 11))
                try await worker(at(day, hour: 11.5))
            }
            return id
        }
        let decidedOn = workingDaysBefore(3)
        office.decided = try await accepted(on: workingDaysBefore(12))
        try await cases.apply(.startReview, to: office.decided, by: "Bo Wen", at: at(decidedOn))
        try await cases.apply(.approve(note: "certificates checked"), to: office.decided, by: "Cy Lam", at: at(decidedOn))
        office.past = try await accepted(on: workingDaysBefore(10))
        try await cases.apply(.claim, to: office.past, by: "Bo Wen", at: at(workingDaysBefore(9)))
        office.near = try await accepted(on: workingDaysBefore(6))
        office.onTrack = try await accepted(on: office.today)
        office.waiting = try await accepted(on: office.today, documents: false)
        let decided: UUID = office.decided
        try await pool.withConnection { connection in
            _ = try await connection.query("""
                INSERT INTO jobs (kind, case_id, state, due_at, attempts, max_attempts, last_error)
                VALUES ('issue', \(decided), 'dead', now() - interval '1 hour', 5, 5, 'planted: the issuing office was unreachable')
                """)
        }
        return office
    }

    func close() async {
        await pool.close()
    }
}
