import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
import Synchronization
import Testing

@Suite("Import reads its CSV as a stream")
struct StreamingImportTests {
    static let tricky = Data([0xEF, 0xBB, 0xBF]) + Data("""
        a, b ,"c"\r
        "multi
        line",  "quote "" inside",3\r
        \r
        last,row,"no newline at the end\"
        """.utf8)

    @Test func feedingAnyPieceSizeReadsWhatTheWholeFileReads() throws {
        let whole = try CSVTable.parse(Self.tricky)
        #expect(whole.header == ["a", "b", "c"])
        #expect(whole.rows.map(\.line) == [2, 5])
        #expect(whole.rows[0].cells == ["multi\nline", "quote \" inside", "3"])
        for size in [1, 2, 3, 7, 64] {
            var reader = CSVTable.Reader()
            var records: [CSVTable.Row] = []
            var offset = 0
            while offset < Self.tricky.count {
                let piece = Self.tricky[offset..<min(offset + size, Self.tricky.count)]
                try reader.feed(piece) { records.append($0) }
                offset += size
            }
            try reader.finish { records.append($0) }
            #expect(CSVTable.headerNames(records[0]) == whole.header, "piece size \(size)")
            #expect(Array(records.dropFirst()) == whole.rows, "piece size \(size)")
        }
        #expect(throws: CSVTable.Problem(line: 2, message: "a quoted cell is never closed")) {
            try CSVTable.parse(Data("a,b\n\"open,1\n".utf8))
        }
        #expect(throws: CSVTable.Problem(line: 3, message: "the file is not UTF-8 text (save it as CSV UTF-8)")) {
            try CSVTable.parse(Data("a,b\n1,2\nJos".utf8) + Data([0xE9, 0x0A]))
        }
    }

    @Test func aFileOfManyChunksIsCheckedWholeAndWrittenOnlyWhenClean() async throws {
        let s = try await StoreScenario.create("streaming_import")
        let header = "national_id,name,birth_date,work_city,employer,eep_number,eep_expires,category,destinations"
        var lines = [header]
        let count = CaseImport.chunkRows * 2 + 500
        for serial in 0..<count {
            let birth = CivilDate(year: 1970, month: 1, day: 1).adding(days: serial / 900)
            let digits = birth.description.replacingOccurrences(of: "-", with: "")
            let id = Fixtures.nationalID(birth: digits, serial: serial % 900 + 100)
            lines.append("\(id),Applicant \(serial),\(birth),guangzhou,\(s.employer),SI\(100_000 + serial),2036-01-31,research,HK")
        }
        // The last line repeats the first one's national ID and EEP: found only once the whole file was read.
        lines.append(lines[1])
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        let clerk = s.db.pool(for: try await s.db.login("Ann Clerk", role: .clerk))
        defer { Task { await clerk.close() } }
        let refused = try await CaseImport.run(data, acceptValid: false, at: StoreScenario.monday, pool: clerk)
        #expect(refused.rows == count + 1)
        #expect(refused.imported == 0)
        #expect(refused.problems.map(\.description) == [
            "line \(count + 2), eep_number: repeats line 2", "line \(count + 2), national_id: repeats line 2",
        ])
        #expect(try await s.db.count("SELECT count(*)::int FROM applications") == 0)

        let accepted = try await CaseImport.run(data, acceptValid: true, at: StoreScenario.monday, pool: clerk)
        #expect(accepted.imported == count)
        #expect(accepted.caseIds.count == count)
        #expect(try await s.db.count("SELECT count(*)::int FROM applications WHERE state = 'draft'") == count)
        #expect(try await s.db.count("SELECT count(*)::int FROM case_transitions WHERE event = 'open'") == count)
        let first = try await s.cases.load(accepted.caseIds[0])
        #expect(first.caseFile.state == .draft)
        #expect(first.eepNumber == "SI100000")
        await s.close()
    }

    @Test func repeatsAcrossChunksSayRepeatsAndABadRowInALateChunkKeepsNothing() async throws {
        let s = try await StoreScenario.create("chunked_import")
        _ = try await s.applicant(serial: 7)   // registered before the import: national ID of serial 7, EEP CA1000007
        let header = "national_id,name,birth_date,work_city,employer,eep_number,eep_expires,category,destinations"
        func row(_ serial: Int, eep: String? = nil, category: String = "research") -> String {
            "\(Fixtures.nationalID(serial: serial)),Applicant \(serial),1985-03-12,guangzhou,\(s.employer),\(eep ?? "CH\(100_000 + serial)"),"
                + "2036-01-31,\(category),HK"
        }
        // Chunks of 3 rows: lines 2-4, 5-7, 8-10, 11.
        let lines = [
            header,
            row(21), row(22), row(23),
            row(24), row(21, eep: "CH200021"), row(7, eep: "CH200007"),
            row(25, eep: "CH100022"), row(7, eep: "CH300007"), row(26, eep: "CA1000007"),
            row(27, category: "astronaut"),
        ]
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        let clerk = s.db.pool(for: try await s.db.login("Ann Clerk", role: .clerk))
        defer { Task { await clerk.close() } }
        let tables = ["applicants", "travel_documents", "applications", "case_transitions"]
        func counts() async throws -> [Int] {
            var result: [Int] = []
            for table in tables { result.append(try await s.db.count("SELECT count(*)::int FROM \(unescaped: table)")) }
            return result
        }
        let before = try await counts()
        let expected = [
            "line 6, national_id: repeats line 2",
            "line 7, national_id: an applicant with national ID \(Fixtures.nationalID(serial: 7)) is already registered",
            "line 8, eep_number: repeats line 3",
            "line 9, national_id: an applicant with national ID \(Fixtures.nationalID(serial: 7)) is already registered",
            "line 9, national_id: repeats line 7",
            "line 10, eep_number: EEP CA1000007 is already recorded",
            "line 11, category: 'astronaut' is not one of \(TalentCategory.allCases.map(\.rawValue).joined(separator: ", "))",
        ]
        let refused = try await CaseImport.run(data, acceptValid: false, at: StoreScenario.monday, pool: clerk, chunkRows: 3)
        #expect(refused.rows == 10)
        #expect(refused.imported == 0 && refused.caseIds.isEmpty)
        #expect(refused.problems.map(\.description) == expected)
        #expect(try await counts() == before, "the first chunk was written, then rolled back")

        // Only the last chunk's row is bad: still nothing stays.
        let lateBad = Data(([header, row(31), row(32), row(33), row(34), row(35, category: "astronaut")].joined(separator: "\n") + "\n").utf8)
        let late = try await CaseImport.run(lateBad, acceptValid: false, at: StoreScenario.monday, pool: clerk, chunkRows: 2)
        #expect(late.problems.map(\.line) == [6])
        #expect(late.imported == 0)
        #expect(try await counts() == before)

        // A chunk whose one bad row has two problems still writes its valid row.
        let twice = Data(([header, row(7, eep: "CA1000007"), row(41)].joined(separator: "\n") + "\n").utf8)
        let mixed = try await CaseImport.run(twice, acceptValid: true, at: StoreScenario.monday, pool: clerk, chunkRows: 2)
        #expect(mixed.problems.map(\.line) == [2, 2])
        #expect(mixed.imported == 1)
        let afterMixed = try await counts()
        #expect(afterMixed == before.map { $0 + 1 })

        let accepted = try await CaseImport.run(data, acceptValid: true, at: StoreScenario.monday, pool: clerk, chunkRows: 3)
        #expect(accepted.problems.map(\.description) == expected)
        #expect(accepted.imported == 4)
        #expect(try await counts() == afterMixed.map { $0 + 4 })
        var opened: [String] = []
        for id in accepted.caseIds {
            let loaded = try await s.cases.load(id)
            opened.append(try await s.db.pool.withConnection { connection in
                try await connection.query("SELECT national_id FROM applicants WHERE id = \(loaded.caseFile.applicantID)")[0].decode("national_id")
            })
        }
        #expect(opened == [21, 22, 23, 24].map { Fixtures.nationalID(serial: $0) }, "case ids in file order")
        await s.close()
    }

    @Test func progressFollowsTheFileThenCountsTheCasesOpened() async throws {
        let s = try await StoreScenario.create("import_progress")
        let header = "national_id,name,birth_date,work_city,employer,eep_number,eep_expires,category,destinations"
        let count = CaseImport.chunkRows + 200
        var lines = [header]
        for serial in 0..<count {
            let birth = CivilDate(year: 1971, month: 1, day: 1).adding(days: serial / 900)
            let id = Fixtures.nationalID(birth: birth.description.replacingOccurrences(of: "-", with: ""), serial: serial % 900 + 100)
            lines.append("\(id),Applicant \(serial),\(birth),guangzhou,\(s.employer),PG\(100_000 + serial),2036-01-31,research,HK")
        }
        let clean = Data((lines.joined(separator: "\n") + "\n").utf8)
        let bad = Data(((lines + ["not-an-id,Someone,1980-01-01,guangzhou,\(s.employer),PG999999,2036-01-31,research,HK"])
            .joined(separator: "\n") + "\n").utf8)
        let clerk = s.db.pool(for: try await s.db.login("Ann Clerk", role: .clerk))
        defer { Task { await clerk.close() } }

        func importing(_ data: Data, name: String) async throws -> (CaseImportReport, [String]) {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).csv")
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let seen = Mutex<[String]>([])
            let report = try await CaseImport.run(file: file, acceptValid: false, at: StoreScenario.monday, pool: clerk) { phase, done, total in
                seen.withLock { $0.append("\(phase) \(done)/\(total)") }
            }
            return (report, seen.withLock { $0 })
        }

        // A refused file never says it wrote anything (and nothing stays).
        let (refused, refusedPhases) = try await importing(bad, name: "refused")
        #expect(refused.imported == 0 && !refused.problems.isEmpty && refused.problems.allSatisfy { $0.line == count + 2 },
                "\(refused.problems)")
        #expect(refusedPhases.last == "checked \(bad.count)/\(bad.count)", "\(refusedPhases)")
        #expect(!refusedPhases.contains { $0.hasPrefix("written") }, "\(refusedPhases)")
        #expect(try await s.db.count("SELECT count(*)::int FROM applications") == 0)

        // The bytes read (in 256 KiB pieces) as each chunk is checked and written, the whole file once every row is,
        // then the cases opened.
        let (report, phases) = try await importing(clean, name: "clean")
        #expect(report.imported == count)
        let total = clean.count
        let read = phases.dropLast(2).map { phase in phase.hasPrefix("importing ") ? Int(phase.dropFirst(10).prefix { $0 != "/" }) : nil }
        #expect(read.count == 2 && read.allSatisfy { $0 != nil } && read == read.sorted { ($0 ?? 0) < ($1 ?? 0) }, "\(phases)")
        #expect(phases.suffix(3).elementsEqual(["importing \(total)/\(total)", "checked \(total)/\(total)", "written \(count)/\(count)"]),
                "\(phases)")

        #expect(try await s.db.count("SELECT count(*)::int FROM applications") == count)
        await s.close()
    }
}
