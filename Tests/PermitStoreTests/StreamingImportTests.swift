import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
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
}
