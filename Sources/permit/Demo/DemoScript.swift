import Foundation
import Logging
import PermitCore
import PermitStore
import PermitWorker
import Postgres

/// What happened to one demo case.
struct DemoOutcome: Encodable, Sendable {
    let caseId: UUID
    let applicant: String
    let category: String
    let finalState: String
    let endorsements: [String]
    let note: String
}

/// The demo's six cases, each run through the worker and the people who decide, each person acting through
/// their own login (the demo resets the demo staff's passwords to fresh random ones each run).
struct DemoScript {
    let logger: Logger
    let people: DemoPeople
    static let parkEmployer = "12440300MB0000001U", institute = "12440100MB0000002L", chambers = "31440300MD00000037"
    static let hospital = "12440400MB0000004A", university = "12440600MB0000005P"

    private var clerk: DemoPerson { people.clerk }
    private var reviewer: DemoPerson { people.reviewer }
    private var approver: DemoPerson { people.approver }
    private var supervisor: DemoPerson { people.supervisor }
    private var pool: PostgresPool { people.clerk.pool }

    func run() async throws -> [DemoOutcome] {
        var outcomes: [DemoOutcome] = []
        outcomes.append(try await hetaoStraightThrough())
        outcomes.append(try await arbitrator())
        outcomes.append(try await researchWithDocuments())
        outcomes.append(try await eepTooShort())
        outcomes.append(try await withdrawn())
        outcomes.append(try await outstandingEscalated())
        return outcomes
    }

    private func hetaoStraightThrough() async throws -> DemoOutcome {
        let applicant = try await newApplicant("Lin Hao (林浩)", city: "shenzhen", employer: Self.parkEmployer)
        try await ParkRegistry.register(applicant: applicant, employer: Self.parkEmployer, on: today, pool: reviewer.pool)
        let id = try await openAndSubmit(applicant, .hetaoPark, [.hongKong, .macao])
        try await work()
        return try await outcome(id, "Lin Hao", "registered in the Hetao park: screened and decided by the system")
    }

    private func arbitrator() async throws -> DemoOutcome {
        let applicant = try await newApplicant("Xu Ming (徐明)", city: "shenzhen", employer: Self.chambers)
        try await ParkRegistry.addToList(.arbitrators, applicant: applicant, on: today, pool: reviewer.pool)
        let id = try await openAndSubmit(applicant, .legal, [.hongKong])
        try await work()
        try await clerk.apply(.receiveDocuments([.employmentCertificate]), to: id)
        try await work()
        try await approver.apply(.startReview, to: id)
        try await reviewer.apply(.approve(note: "on the official arbitrator list"), to: id)
        try await work()
        return try await outcome(id, "Xu Ming", "on the arbitrator list; employment certificate brought after the notice")
    }

    private func researchWithDocuments() async throws -> DemoOutcome {
        let applicant = try await newApplicant("Guo Yan (郭燕)", city: "guangzhou", employer: Self.institute)
        let id = try await openAndSubmit(applicant, .research, [.hongKong, .macao])
        try await work()
        try await clerk.apply(.receiveDocuments([.employmentCertificate, .titleCertificate]), to: id)
        try await work()
        try await reviewer.apply(.startReview, to: id)
        try await approver.apply(.approve(note: "title certificate verified"), to: id)
        try await work()
        return try await outcome(id, "Guo Yan", "documents requested then received; reviewed by \(reviewer.name), approved by \(approver.name)")
    }

    private func eepTooShort() async throws -> DemoOutcome {
        let applicant = try await newApplicant("Ma Li (马丽)", city: "zhuhai", employer: Self.hospital, eepYears: 1)
        let id = try await openAndSubmit(applicant, .health, [.macao])
        try await work()
        return try await outcome(id, "Ma Li", "EEP expires within the endorsement's validity + 20 days")
    }

    private func withdrawn() async throws -> DemoOutcome {
        let applicant = try await newApplicant("He Tao (何涛)", city: "foshan", employer: Self.university)
        let id = try await openAndSubmit(applicant, .education, [.hongKong])
        try await work()
        try await clerk.apply(.withdraw(note: "applicant withdrew by letter"), to: id)
        return try await outcome(id, "He Tao", "withdrawn by the applicant before a decision")
    }

    private func outstandingEscalated() async throws -> DemoOutcome {
        let applicant = try await newApplicant("Sun Wei (孙伟)", city: "guangzhou", employer: Self.institute)
        let id = try await openAndSubmit(applicant, .outstanding, [.hongKong, .macao])
        try await work()
        try await supervisor.apply(.verifyEligibility(note: "major contribution confirmed by the S&T bureau"), to: id)
        try await supervisor.apply(.approve(note: "verified in person"), to: id)
        try await work()
        return try await outcome(id, "Sun Wei", "on no list: referred to \(supervisor.name), verified and approved")
    }

    // MARK: - Steps

    private var today: CivilDate { ActingTime.clock().day() }

    private func newApplicant(_ name: String, city: String, employer: String, eepYears: Int = 10) async throws -> UUID {
        let birth = CivilDate(year: 1970 + Int.random(in: 0...20), month: Int.random(in: 1...12), day: Int.random(in: 1...28))
        let body = "440305" + String(format: "%04d%02d%02d", birth.year, birth.month, birth.day) + String(format: "%03d", Int.random(in: 0...999))
        let nationalID = body + String(NationalID.checkCharacter(for: body))
        let eep = "D" + String(format: "%08d", Int.random(in: 0...99_999_999))
        let request = NewApplicant(nationalID: nationalID, name: name, birthDate: birth, workCity: city, employerCode: employer,
                                   eepNumber: eep, eepExpiresOn: today.adding(years: eepYears))
        return try await ApplicantRegistry.add(request, at: Date(), pool: pool)
    }

    private func openAndSubmit(_ applicant: UUID, _ category: TalentCategory, _ destinations: [Destination]) async throws -> UUID {
        let record = try await clerk.cases.open(NewCase(applicantID: applicant, category: category, destinations: destinations),
                                                at: Date())
        try await clerk.apply(.submit, to: record.caseFile.id)
        return record.caseFile.id
    }

    private func work() async throws {
        _ = try await WorkerRun.once(pool: people.worker, asOf: nil, settings: WorkerSettings(concurrency: 1), logger: logger)
    }

    private func outcome(_ id: UUID, _ applicant: String, _ note: String) async throws -> DemoOutcome {
        let detail = try await CaseQueries.detail(id, at: Date(), pool: pool)
        let endorsements = detail.endorsements.map { "\($0.number) until \($0.validUntil)" }
        let reason = detail.reasonCode.map { " (\($0))" } ?? ""
        return DemoOutcome(caseId: id, applicant: applicant, category: detail.category, finalState: detail.state + reason,
                           endorsements: endorsements, note: note)
    }
}
