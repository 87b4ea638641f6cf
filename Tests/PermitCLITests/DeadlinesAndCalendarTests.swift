import Foundation
import PermitCore
import PermitTestSupport
import Testing

/// `permit case deadlines` and `permit calendar check`: the working-day calendar, read only.
@Suite("permit: deadlines and calendars", .serialized)
struct DeadlinesAndCalendarTests {
    @Test("case deadlines counts working days from the loaded calendar")
    func deadlines() async throws {
        let world = try await CLIWorld.make("cli_deadlines")
        defer { Task { await world.close() } }
        let permit = world.permit
        func worked(_ arguments: String...) async throws -> [String: Any] {
            try world.expectOK(try await permit.run(["case", "deadlines"] + arguments + ["--json"])).json() as? [String: Any] ?? [:]
        }
        let autumn = try await worked("--accepted-on", "2026-09-29")
        #expect(autumn["decision_by"] as? String == "2026-10-14")
        #expect(autumn["working_days"] as? Int == 7 && autumn["provisional"] as? Bool == false)
        #expect(autumn["counted_days"] as? [String] == ["2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12", "2026-10-13", "2026-10-14"])
        #expect((autumn["skipped_days"] as? [[String: Any]])?.first?["reason"] as? String == "National Day")
        let spring = try await worked("--accepted-on", "2026-02-12")
        #expect(spring["decision_by"] as? String == "2026-02-28")
        let extended = try await worked("--accepted-on", "2026-09-29", "--extended")
        #expect(extended["working_days"] as? Int == 20 && extended["extended"] as? Bool == true)
        #expect((extended["counted_days"] as? [String])?.count == 20)
        // Into 2027, whose calendar is not loaded: provisional.
        let winter = try await worked("--accepted-on", "2026-12-28")
        #expect(winter["provisional"] as? Bool == true && winter["years_not_loaded"] as? [Int] == [2027], "\(winter)")
        let text = try world.expectOK(try await permit.run("case", "deadlines", "--accepted-on", "2026-12-28")).stdout
        #expect(text.contains("PROVISIONAL") && text.contains("2027"))

        let bad = try await permit.run("case", "deadlines", "--accepted-on", "2026-02-30")
        #expect(bad.status == 2 && bad.stderr.contains("accepted-on"), "\(bad)")
        let early = try await permit.run("case", "deadlines", "--accepted-on", "2020-01-06")
        #expect(early.status == 1 && early.stderr.contains("no_policy_in_force"), "\(early)")
    }

    @Test("calendar check says whether a year is loaded (exit 0) or not (exit 1)")
    func calendarCheck() async throws {
        let world = try await CLIWorld.make("cli_calendar")
        defer { Task { await world.close() } }
        let loaded = try await world.permit.run("calendar", "check", "2026", "--json")
        #expect(loaded.status == 0, "\(loaded)")
        let status = try loaded.json() as? [String: Any]
        #expect(status?["loaded"] as? Bool == true && status?["make_up_working_days"] as? Int == 6)
        let missing = try await world.permit.run("calendar", "check", "2027")
        #expect(missing.status == 1 && missing.stdout.contains("not loaded") && missing.stdout.contains("provisional"), "\(missing)")
        let missingJSON = try await world.permit.run("calendar", "check", "2027", "--json")
        let missingStatus = try missingJSON.json() as? [String: Any]
        #expect(missingJSON.status == 1 && missingStatus?["loaded"] as? Bool == false)
        let outOfRange = try await world.permit.run("calendar", "check", "1999")
        #expect(outOfRange.status == 2 && outOfRange.stderr.contains("year"), "\(outOfRange)")
    }
}
