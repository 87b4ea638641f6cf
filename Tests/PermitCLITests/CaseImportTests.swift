import Foundation
import PermitCore
import PermitTestSupport
import Testing

/// `permit case import`: every bad row reported with its line, nothing written unless --accept-valid.
@Suite("permit case import", .serialized)
struct CaseImportTests {
    static let header = "national_id,name,birth_date,work_city,employer,eep_number,eep_expires,category,destinations,office,new_eep"

    static func row(serial: Int, name: String? = nil, birth: String = "1985-03-12", city: String = "guangzhou",
                    category: String = "research", destinations: String = "\"HK,MO\"") -> String {
        let nationalID = Fixtures.nationalID(serial: serial)
        return "\(nationalID),\"\(name ?? "Import \(serial)")\",\(birth),\(city),\(CLIWorld.institute),IM\(String(format: "%07d", serial)),"
            + "2036-01-31,\(category),\(destinations),,no"
    }

    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("permit-import-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("a clean file opens one draft case per row, with its history row, in one go")
    func cleanImport() async throws {
        let world = try await CLIWorld.make("cli_import_clean")
        defer { Task { await world.close() } }
        let rows = (1...25).map { Self.row(serial: 300 + $0) }
        let file = try Self.write(([Self.header] + rows).joined(separator: "\n") + "\n")
        let result = try world.expectOK(try await world.permit.run("case", "import", file, "--json", actor: CLIWorld.clerk))
        let report = try result.json() as? [String: Any]
        #expect(report?["imported"] as? Int == 25)
        #expect((report?["case_ids"] as? [String])?.count == 25)
        let counts = try await world.rowCounts()
        #expect(counts["applications"] == 25)
        #expect(counts["applicants"] == 25)
        #expect(counts["case_transitions"] == 25)
        let first = try #require((report?["case_ids"] as? [String])?.first)
        #expect(try await world.state(of: first) == "draft")
        try world.expectOK(try await world.permit.run("case", "submit", first, actor: CLIWorld.clerk))
    }

    @Test("bad rows are all reported with line numbers and nothing is written; --accept-valid imports the rest")
    func badRows() async throws {
        let world = try await CLIWorld.make("cli_import_bad")
        defer { Task { await world.close() } }
        let lines = [
            Self.header,
            Self.row(serial: 401),
            Self.row(serial: 402, birth: "1985-02-30"),
            Self.row(serial: 403, city: "atlantis"),
            Self.row(serial: 404, category: "astronaut"),
            Self.row(serial: 401),
            Self.row(serial: 405, name: "O'Hara \"\"; DELETE FROM staff; --"),
        ]
        let file = try Self.write(lines.joined(separator: "\n") + "\n")
        let before = try await world.rowCounts()
        let refused = try await world.permit.run("case", "import", file, actor: CLIWorld.clerk)
        #expect(refused.status == 2, "\(refused)")
        for expected in ["line 3, birth_date", "line 4, work_city", "line 5, category", "line 6, national_id: repeats line 2", "nothing was written"] {
            #expect(refused.stderr.contains(expected), "missing '\(expected)' in \(refused.stderr)")
        }
        #expect(try await world.rowCounts() == before)

        let accepted = try world.expectOK(try await world.permit.run("case", "import", file, "--accept-valid", actor: CLIWorld.clerk))
        #expect(accepted.stdout.contains("imported 2 of 6 rows"), "\(accepted)")
        #expect(try await world.database.count("SELECT count(*)::int AS n FROM applications") == 2)
        #expect(try await world.database.count("SELECT count(*)::int AS n FROM applicants WHERE name = 'O''Hara \"; DELETE FROM staff; --'") == 1)
    }

    @Test("missing columns, a wrong encoding and an unknown login refuse the whole file")
    func wholeFileRefusals() async throws {
        let world = try await CLIWorld.make("cli_import_file")
        defer { Task { await world.close() } }
        let before = try await world.rowCounts()
        let missing = try await world.permit.run("case", "import", try Self.write("national_id,name\n1,2\n"), actor: CLIWorld.clerk)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing columns birth_date"), "\(missing)")

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("permit-latin1-\(UUID().uuidString).csv")
        try (Data((Self.header + "\n").utf8) + Data([0x4A, 0x6F, 0x73, 0xE9, 0x0A])).write(to: url)
        let encoding = try await world.permit.run("case", "import", url.path, actor: CLIWorld.clerk)
        #expect(encoding.status == 2)
        #expect(encoding.stderr.contains("line 2") && encoding.stderr.contains("UTF-8"), "\(encoding)")

        let stranger = try await world.permit.run("case", "import", try Self.write(Self.header + "\n" + Self.row(serial: 501) + "\n"),
                                                  actor: "nobody")
        #expect(stranger.status == 1)
        #expect(stranger.stderr.contains("login_refused"), "\(stranger)")
        #expect(try await world.rowCounts() == before)
    }
}
