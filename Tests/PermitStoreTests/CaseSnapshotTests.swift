import Foundation
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

@Suite("The case snapshot, written and read by hand, is the JSON Foundation's coders write and read")
struct CaseSnapshotTests {
    /// A case with every optional set and text that needs escaping.
    static let full: CaseFile = {
        var file = CaseFile.draft(id: UUID(), applicantID: UUID(), category: .outstanding, destinations: [.hongKong, .macao],
                                  office: "shenzhen.futian", newEEPRequested: true, renewsEndorsement: "HK2026\"00042\\")
        file.state = .escalated
        file.policyVersion = "2025-11-05"
        file.submittedOn = CivilDate(year: 2026, month: 3, day: 2)
        file.acceptedOn = CivilDate(year: 2026, month: 3, day: 3)
        file.decidedOn = CivilDate(year: 2026, month: 3, day: 9)
        file.issuedOn = CivilDate(year: 2026, month: 3, day: 10)
        file.documentsReceived = [.employmentCertificate, .titleCertificate, .recognitionCertificate]
        file.missingDocuments = [.recommendationLetter]
        file.completenessNoticeSent = true
        file.preparedBy = "Ann \"Clerk\" / 书记员"
        file.preparers = ["Ann \"Clerk\" / 书记员", "Line\nbreak\tand\u{01}control", "emoji 🧧"]
        file.reviewedBy = "Bo Wen"
        file.approvedBy = "Cy Lam"
        file.assignee = "Di Lu"
        file.verifiedByPerson = true
        file.clock = DecisionClock(limitWorkingDays: 20, usedWorkingDays: 3, runningSince: CivilDate(year: 2026, month: 3, day: 4),
                                   pausedOn: CivilDate(year: 2026, month: 3, day: 5), extended: true)
        file.deadlines = CaseDeadlines(completenessNoticeBy: CivilDate(year: 2026, month: 3, day: 9),
                                       supplementationBy: CivilDate(year: 2026, month: 4, day: 1),
                                       decisionBy: CivilDate(year: 2026, month: 3, day: 31), decisionProvisional: true,
                                       completenessProvisional: true)
        file.reasonCode = "documents_incomplete"
        file.flags = ["referred", "provisional_deadline"]
        return file
    }()

    static let draft = CaseFile.draft(id: UUID(), applicantID: UUID(), category: .hetaoPark, destinations: [.hongKong],
                                      office: "shenzhen", newEEPRequested: false)

    @Test(arguments: [full, draft])
    func handWrittenJSONReadsBackThroughBothReaders(_ file: CaseFile) throws {
        let text = try CaseSnapshot.encode(file)
        #expect(try JSONDecoder().decode(CaseFile.self, from: Data(text.utf8)) == file)
        #expect(try CaseSnapshot.decode(text) == file)
        let foundation = String(decoding: try JSONEncoder().encode(file), as: UTF8.self)
        #expect(try CaseSnapshot.decode(foundation) == file)
    }

    @Test func theHandWriterWritesEveryKeyFoundationWrites() throws {
        // A property added to CaseFile and forgotten here fails this test instead of vanishing from the database.
        func keys(_ data: Data) throws -> Set<String> {
            func collect(_ value: Any, prefix: String) -> Set<String> {
                guard let object = value as? [String: Any] else { return [] }
                return object.reduce(into: Set<String>()) { keys, field in
                    keys.insert(prefix + field.key)
                    keys.formUnion(collect(field.value, prefix: prefix + field.key + "."))
                }
            }
            return collect(try JSONSerialization.jsonObject(with: data), prefix: "")
        }
        let hand = try keys(Data(try CaseSnapshot.encode(Self.full).utf8))
        let foundation = try keys(try JSONEncoder().encode(Self.full))
        #expect(hand == foundation)
        #expect(hand.count == 37)   // 27 properties, 5 of the clock, 5 of the deadlines
    }

    @Test func aDocumentTheHandReaderDoesNotKnowIsReadByFoundation() throws {
        let text = try CaseSnapshot.encode(Self.full)
        let withExtra = "{\"comesFromALaterVersion\": [1, {\"a\": null}]," + text.dropFirst()
        #expect(try CaseSnapshot.decode(withExtra) == Self.full)
        #expect(throws: (any Error).self) { try CaseSnapshot.decode("{\"id\": \"not a uuid\"}") }
        #expect(throws: (any Error).self) { try CaseSnapshot.decode(String(text.dropLast())) }
    }

    @Test func snapshotsReadBackFromJsonbAsTheyWereWritten() async throws {
        let database = try await TestDatabase.create("snapshot_jsonb")
        let connection = try await PostgresConnection.connect(database.configuration, logger: .init(label: "snapshot"))
        for file in [Self.full, Self.draft] {
            let stored = try await connection.query("SELECT \(try CaseSnapshot.encode(file))::jsonb::text AS snapshot")[0]
            #expect(try CaseSnapshot.decode(try stored.decode("snapshot")) == file)
        }
        let metadata = ["documents": "employment_certificate,title_certificate", "note": "a \"quoted\"\nline", "Ä": "ü"]
        let text = try await connection.query("SELECT \(JSONText.object(metadata))::jsonb::text AS m")[0].decode("m", as: String.self)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) == metadata)
        await connection.close()
        await database.drop()
    }
}
