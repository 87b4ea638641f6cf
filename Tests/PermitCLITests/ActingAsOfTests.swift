import Foundation
import PermitCore
import PermitTestSupport
import Postgres
import Testing

/// `--as-of` and `PERMIT_NOW`: acting as at a chosen instant, only where the database's purpose allows it.
@Suite("permit: acting as of a chosen instant", .serialized)
struct ActingAsOfTests {
    @Test("a production database refuses a chosen instant, in the CLI (exit 1) and in the database itself")
    func productionRefuses() async throws {
        let world = try await CLIWorld.make("cli_clock_production")
        defer { Task { await world.close() } }
        let permit = world.permit
        let purpose = try world.expectOK(try await permit.run("database", "purpose", "--json")).json() as? [String: Any]
        #expect(purpose?["purpose"] as? String == "production")
        let applicant = try await world.addApplicant(serial: 301)
        let caseID = try world.expectOK(try await permit.run("case", "new", "--applicant", applicant, "--category", "research",
                                                             "--destinations", "HK", actor: CLIWorld.clerk)).line
        let before = try await world.rowCounts()
        for (arguments, environment) in [
            (["case", "submit", caseID, "--as-of", "2026-09-29"], [String: String]()),
            (["case", "submit", caseID], ["PERMIT_NOW": "2026-09-29T09:00"]),
            (["worker", "--once", "--as-of", "2026-09-29"], [:]),
            (["registry", "list", "add", "--list", "arbitrators", "--applicant", applicant, "--as-of", "2027-01-04"], [:]),
            (["applicant", "eep", applicant, "--number", "CB3010001", "--expires", "2036-01-31", "--as-of", "2026-01-05T10:00"], [:]),
        ] {
            let actor = arguments.first == "worker" ? nil : CLIWorld.reviewer
            let result = try await permit.run(arguments, actor: actor, environment: environment)
            #expect(result.status == 1, "\(arguments) \(environment): \(result)")
            #expect(result.stderr.contains("as_of_in_production") && result.stderr.contains("permit database purpose"), "\(result)")
        }
        #expect(try await world.rowCounts() == before)

        // Within a few minutes of the clock is the clock: allowed.
        let now = ActingTime.format(Date()).prefix(16)   // YYYY-MM-DDTHH:MM in Shanghai
        try world.expectOK(try await permit.run("case", "submit", caseID, "--as-of", String(now), actor: CLIWorld.clerk))

        // The database refuses a history row far from its clock whoever writes it.
        let version = try #require(try await world.show(caseID)["version"] as? Int)
        do {
            try await world.database.pool.withConnection { connection in
                _ = try await connection.query("""
                    INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, at)
                    VALUES (\(UUID(uuidString: caseID)!), \(version + 1), 'submitted', 'submitted', 'claim', \(CLIWorld.reviewer), '2026-09-29T10:00:00+08')
                    """)
            }
            Issue.record("a backdated history row was accepted in production")
        } catch let error as PostgresError {
            #expect(error.constraint == "acting_time_in_production", "\(error)")
        }
    }

    @Test("malformed instants are bad usage naming --as-of or PERMIT_NOW; the long-running worker takes none")
    func badInstants() async throws {
        let world = try await CLIWorld.make("cli_clock_bad", purpose: "training")
        defer { Task { await world.close() } }
        let applicant = try await world.addApplicant(serial: 302)
        let before = try await world.rowCounts()
        for text in ["2026-02-30", "2026-9-29", "2026-09-29T24:00", "2026-09-29T09", "yesterday", "2026-09-29 09:00"] {
            let result = try await world.permit.run(["case", "new", "--applicant", applicant, "--category", "research",
                                                     "--destinations", "HK", "--as-of", text], actor: CLIWorld.clerk)
            #expect(result.status == 2 && result.stderr.contains("--as-of"), "\(text): \(result)")
        }
        let environment = try await world.permit.run(["case", "list"], environment: ["PERMIT_NOW": "2026-13-01"])
        #expect(environment.status == 2 && environment.stderr.contains("PERMIT_NOW"), "\(environment)")
        let service = try await world.permit.run(["worker", "--as-of", "2026-09-29"])
        #expect(service.status == 2 && service.stderr.contains("--once"), "\(service)")
        let serviceByEnvironment = try await world.permit.run(["worker"], environment: ["PERMIT_NOW": "2026-09-29"])
        #expect(serviceByEnvironment.status == 2 && serviceByEnvironment.stderr.contains("PERMIT_NOW"), "\(serviceByEnvironment)")
        #expect(try await world.rowCounts() == before)
    }

    /// Registers an applicant, opens and submits a research case as of `day`, runs screening, hands in the documents
    /// and screens again, all as of `day`; returns the case as `case show --json` prints it.
    func acceptedCase(_ world: CLIWorld, serial: Int, on day: String, environment: [String: String] = [:],
                      asOf: Bool = true) async throws -> [String: Any] {
        let permit = world.permit
        func when(_ time: String) -> [String] { asOf ? ["--as-of", "\(day)T\(time)"] : [] }
        func moment(_ time: String) -> [String: String] { asOf ? environment : ["PERMIT_NOW": "\(day)T\(time)"] }
        let applicant = try world.expectOK(try await permit.run(
            ["applicant", "add", "--national-id", Fixtures.nationalID(serial: serial), "--name", "Applicant \(serial)",
             "--birth-date", "1985-03-12", "--work-city", "guangzhou", "--employer", CLIWorld.institute,
             "--eep-number", "CA\(String(format: "%07d", serial))", "--eep-expires", "2036-06-30"] + when("08:00"),
            actor: CLIWorld.clerk, environment: moment("08:00"))).line
        let caseID = try world.expectOK(try await permit.run(
            ["case", "new", "--applicant", applicant, "--category", "research", "--destinations", "HK"] + when("09:00"),
            actor: CLIWorld.clerk, environment: moment("09:00"))).line
        try world.expectOK(try await permit.run(["case", "submit", caseID] + when("09:05"), actor: CLIWorld.clerk, environment: moment("09:05")))
        try world.expectOK(try await permit.run(["worker", "--once"] + when("09:10"), environment: moment("09:10")))
        try world.expectOK(try await permit.run(["case", "documents", caseID, "--received", "employment-certificate,title-certificate"]
                                                + when("10:00"), actor: CLIWorld.clerk, environment: moment("10:00")))
        try world.expectOK(try await permit.run(["worker", "--once"] + when("10:05"), environment: moment("10:05")))
        return try await world.show(caseID)
    }

    @Test("the worked examples: accepted 2026-09-29 is due 2026-10-14, accepted 2026-02-12 is due 2026-02-28; history carries the instants")
    func workedExamples() async throws {
        let world = try await CLIWorld.make("cli_clock_examples", purpose: "what_if")
        defer { Task { await world.close() } }
        // National Day (1–7 October) and the make-up Saturday 10 October.
        let autumn = try await acceptedCase(world, serial: 311, on: "2026-09-29")
        #expect(autumn["state"] as? String == "accepted")
        #expect(autumn["submitted_on"] as? String == "2026-09-29" && autumn["accepted_on"] as? String == "2026-09-29")
        #expect((autumn["deadlines"] as? [String: Any])?["decision_by"] as? String == "2026-10-14", "\(autumn)")
        let history = autumn["history"] as? [[String: Any]] ?? []
        let instants = Dictionary(history.map { ($0["event"] as? String ?? "", $0["at"] as? String ?? "") }, uniquingKeysWith: { first, _ in first })
        #expect(instants["open"] == "2026-09-29T01:00:00Z")          // 09:00 in Shanghai
        #expect(instants["submit"] == "2026-09-29T01:05:00Z")
        #expect(instants["begin_screening"] == "2026-09-29T01:10:00Z")
        #expect(instants["screening_passed"] == "2026-09-29T02:05:00Z")

        // Spring Festival (15–23 February) and the make-up Saturdays 14 and 28 February, through PERMIT_NOW.
        let spring = try await acceptedCase(world, serial: 312, on: "2026-02-12", asOf: false)
        #expect(spring["accepted_on"] as? String == "2026-02-12")
        #expect((spring["deadlines"] as? [String: Any])?["decision_by"] as? String == "2026-02-28", "\(spring)")
        #expect((spring["history"] as? [[String: Any]])?.first?["at"] as? String == "2026-02-12T01:00:00Z")

        // Overdue as of the day after the deadline, not on it.
        let overdue = { (day: String) async throws -> [String] in
            let listed = try world.expectOK(try await world.permit.run("case", "list", "--overdue", "--as-of", day, "--json")).json()
            return (listed as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        }
        let autumnID = try #require(autumn["id"] as? String)
        #expect(try await overdue("2026-10-14").contains(autumnID) == false)
        #expect(try await overdue("2026-10-15").contains(autumnID))
    }

    @Test("each region's first day, through the CLI: the day before is refused, the first day passes the region check")
    func regionsFirstDays() async throws {
        let world = try await CLIWorld.make("cli_clock_regions", purpose: "training")
        defer { Task { await world.close() } }
        // (place of work, the region's first day): the GBA, Beijing and Shanghai, then the 2025 regions: the
        // Yangtze River Delta and Beijing–Tianjin–Hebei by whole province, pilot FTZs by area or (Hainan) whole province.
        let regions = [
            ("shenzhen", "2023-02-20"), ("beijing", "2024-05-06"), ("shanghai", "2024-05-06"), ("wuxi", "2025-11-05"),
            ("hengshui", "2025-11-05"), ("tianjin", "2025-11-05"), ("chengdu", "2025-11-05"), ("danzhou", "2025-11-05"),
        ]
        for (index, (city, first)) in regions.enumerated() {
            let applicant = try await world.addApplicant(serial: 320 + index, city: city)
            let dayBefore = try #require(CivilDate(iso: first)).adding(days: -1).description
            if first == "2023-02-20" {
                // Before the first policy there is nothing to apply under.
                let id = try world.expectOK(try await world.permit.run("case", "new", "--applicant", applicant, "--category", "research",
                                                                       "--destinations", "HK", "--as-of", dayBefore, actor: CLIWorld.clerk)).line
                let refused = try await world.permit.run("case", "submit", id, "--as-of", dayBefore, actor: CLIWorld.clerk)
                #expect(refused.status == 1 && refused.stderr.contains("no_policy_in_force"), "\(city): \(refused)")
                try world.expectOK(try await world.permit.run("case", "withdraw", id, "--as-of", dayBefore, actor: CLIWorld.clerk))
            } else {
                let early = try await world.submitCase(applicant: applicant, category: "research", destinations: "HK", asOf: dayBefore)
                try world.expectOK(try await world.permit.run("worker", "--once", "--as-of", dayBefore))
                let refused = try await world.show(early)
                #expect(refused["state"] as? String == "rejected" && refused["reason_code"] as? String == "region_not_in_force",
                        "\(city) on \(dayBefore): \(refused["state"] ?? "?") \(refused["reason_code"] ?? "-")")
            }
            let onTime = try await world.submitCase(applicant: applicant, category: "research", destinations: "HK", asOf: first)
            try world.expectOK(try await world.permit.run("worker", "--once", "--as-of", first))
            let shown = try await world.show(onTime)
            // The region check passes; screening then asks for the documents.
            #expect(shown["state"] as? String == "awaiting_documents", "\(city) on \(first): \(shown["state"] ?? "?") \(shown["reason_code"] ?? "-")")
            #expect(shown["submitted_on"] as? String == first)
        }
    }
}
