import Foundation
import PermitCore
import PermitTestSupport
import Testing

/// Every kind of bad input ends with exit 2, a message naming the field, and nothing written.
@Suite("permit: bad input and refusals", .serialized)
struct BadInputTests {
    /// Runs `arguments` and checks exit status, that stderr names `field`, and that no table changed.
    func expectRejected(_ world: CLIWorld, _ arguments: [String], actor: String? = CLIWorld.clerk, status: Int32 = 2,
                        mentions field: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try await world.rowCounts()
        let result = try await world.permit.run(arguments, actor: actor)
        #expect(result.status == status, "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.lowercased().contains(field.lowercased()), "\(arguments) should name \(field): \(result.stderr)",
                sourceLocation: sourceLocation)
        #expect(try await world.rowCounts() == before, "\(arguments) wrote rows", sourceLocation: sourceLocation)
    }

    func applicantArguments(nationalID: String = Fixtures.nationalID(serial: 50), name: String = "Zhao Lei",
                            birth: String = "1985-03-12", city: String = "guangzhou", employer: String = CLIWorld.institute,
                            eep: String = "CB1234567", expires: String = "2035-01-31") -> [String] {
        ["applicant", "add", "--national-id", nationalID, "--name", name, "--birth-date", birth, "--work-city", city,
         "--employer", employer, "--eep-number", eep, "--eep-expires", expires]
    }

    @Test("the bad-input matrix: dates, categories, cities, destinations, ids, text, national IDs")
    func matrix() async throws {
        let world = try await CLIWorld.make("cli_bad_input")
        defer { Task { await world.close() } }
        let applicant = try await world.addApplicant(serial: 7)

        // Dates: malformed and impossible.
        try await expectRejected(world, applicantArguments(birth: "1985-3-12"), mentions: "birth-date")
        try await expectRejected(world, applicantArguments(expires: "2035-02-30"), mentions: "eep-expires")
        try await expectRejected(world, applicantArguments(birth: "1985-03-13"), mentions: "birth-date")
        // National ID with a wrong check character, and a malformed one.
        var wrong = Fixtures.nationalID(serial: 51)
        wrong = String(wrong.dropLast()) + (wrong.last == "1" ? "2" : "1")
        try await expectRejected(world, applicantArguments(nationalID: wrong), mentions: "check character")
        try await expectRejected(world, applicantArguments(nationalID: "12345"), mentions: "national-id")
        // Unknown city and employer; overlong name.
        try await expectRejected(world, applicantArguments(city: "atlantis"), mentions: "work-city")
        try await expectRejected(world, applicantArguments(employer: Fixtures.creditCode(serial: 999)), mentions: "employer")
        try await expectRejected(world, applicantArguments(name: String(repeating: "长", count: 101)), mentions: "name")
        // Cases: unknown category, destination, office; malformed and unknown ids.
        try await expectRejected(world, ["case", "new", "--applicant", applicant, "--category", "astronaut", "--destinations", "HK"],
                                 mentions: "category")
        try await expectRejected(world, ["case", "new", "--applicant", applicant, "--category", "research", "--destinations", "HK,TW"],
                                 mentions: "destinations")
        try await expectRejected(world, ["case", "new", "--applicant", applicant, "--category", "research", "--destinations", "HK,HK"],
                                 mentions: "destinations")
        try await expectRejected(world, ["case", "new", "--applicant", applicant, "--category", "research", "--destinations", "HK",
                                         "--office", "atlantis"], mentions: "office")
        try await expectRejected(world, ["case", "new", "--applicant", "not-a-uuid", "--category", "research", "--destinations", "HK"],
                                 mentions: "applicant")
        try await expectRejected(world, ["case", "new", "--applicant", UUID().uuidString, "--category", "research", "--destinations", "HK"],
                                 mentions: "applicant")
        try await expectRejected(world, ["case", "show", "12345"], actor: nil, mentions: "id")
        try await expectRejected(world, ["case", "submit", UUID().uuidString], mentions: "case")
        try await expectRejected(world, ["case", "documents", UUID().uuidString, "--received", "diploma"], mentions: "received")
        // Employers: wrong credit code, unknown city.
        try await expectRejected(world, ["employer", "add", "--credit-code", "91440300MA5EXAMPL1", "--name", "X", "--city", "shenzhen"],
                                 mentions: "credit-code")
        try await expectRejected(world, ["employer", "add", "--credit-code", Fixtures.creditCode(serial: 77), "--name", "X", "--city", "mars"],
                                 mentions: "city")
        // A typed name instead of a login.
        try await expectRejected(world, ["case", "new", "--applicant", applicant, "--category", "research", "--destinations", "HK",
                                         "--as", CLIWorld.supervisor], mentions: "--as")
        // A note too long for the history.
        let caseID = try await world.submitCase(applicant: applicant, category: "research", destinations: "HK")
        try await expectRejected(world, ["case", "withdraw", caseID, "--note", String(repeating: "x", count: 2001)], mentions: "note")
        try await expectRejected(world, ["case", "reject", caseID, "--reason", "Bad Reason!"], actor: CLIWorld.reviewer, mentions: "reason")
        // Versions and limits out of range are bad usage naming the flag, not a conflict or an empty list.
        try await expectRejected(world, ["case", "claim", caseID, "--expected-version=-1"], actor: CLIWorld.reviewer, mentions: "--expected-version")
        try await expectRejected(world, ["case", "claim", caseID, "--expected-version", "0"], actor: CLIWorld.reviewer, mentions: "--expected-version")
        try await expectRejected(world, ["endorsement", "list", "--limit", "0"], actor: nil, mentions: "--limit")
        try await expectRejected(world, ["endorsement", "list", "--limit=-5"], actor: nil, mentions: "--limit")
        try await expectRejected(world, ["case", "list", "--limit", "0"], actor: nil, mentions: "--limit")
        try await expectRejected(world, ["jobs", "dead", "--limit", "0"], actor: nil, mentions: "--limit")
    }

    @Test("names full of quotes or SQL are stored verbatim")
    func quotesAndSQLStoredVerbatim() async throws {
        let world = try await CLIWorld.make("cli_verbatim")
        defer { Task { await world.close() } }
        let name = "O'Brien\"; DROP TABLE applicants; --"
        let id = try world.expectOK(try await world.permit.run(applicantArguments(name: name), actor: CLIWorld.clerk)).line
        let shown = try world.expectOK(try await world.permit.run("applicant", "show", id, "--json")).json() as? [String: Any]
        #expect((shown?["applicant"] as? [String: Any])?["name"] as? String == name)
        #expect(try await world.database.count("SELECT count(*)::int AS n FROM applicants") == 1)
    }

    @Test("roles: a clerk may not add staff, approve or revoke; a superuser or a stranger may not act")
    func refusals() async throws {
        let world = try await CLIWorld.make("cli_roles")
        defer { Task { await world.close() } }
        try await expectRejected(world, ["staff", "add", "eve", "--login", world.database.loginName("eve"), "--role", "supervisor"],
                                 actor: CLIWorld.clerk, status: 1, mentions: "role_not_allowed")
        // The operator's superuser connection is nobody: it may read, never act.
        try await expectRejected(world, applicantArguments(), actor: nil, status: 1, mentions: "superuser_is_not_staff")
        // A login that does not exist (or a wrong password) gets nothing.
        try await expectRejected(world, applicantArguments(), actor: "mallory", status: 1, mentions: "login_refused")
        try await expectRejected(world, ["registry", "list", "add", "--list", "arbitrators", "--applicant", UUID().uuidString],
                                 actor: CLIWorld.clerk, status: 1, mentions: "role_not_allowed")
        try await expectRejected(world, ["endorsement", "revoke", "HK20260000001", "--reason", "registration_cancelled"],
                                 actor: CLIWorld.reviewer, status: 1, mentions: "role_not_allowed")
        let applicant = try await world.addApplicant(serial: 8)
        let caseID = try await world.submitCase(applicant: applicant, category: "research", destinations: "HK")
        try await expectRejected(world, ["case", "approve", caseID], actor: CLIWorld.clerk, status: 1, mentions: "refused")
    }
}
