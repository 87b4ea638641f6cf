import Foundation
import PermitCore

/// Encodes and decodes the case snapshot kept in `applications.snapshot` (jsonb).
///
/// The JSON is the one `JSONEncoder` writes for `CaseFile` (same keys, UUIDs in upper case, days as `YYYY-MM-DD`,
/// absent optionals left out), written and read by hand: the worker reads a case once and writes it twice per
/// screening job, and Foundation's coders cost several times more. A document the hand reader does not know
/// (a key it has never seen, a missing one) is read by `JSONDecoder`, whose error then says what is wrong.
public enum CaseSnapshot {
    /// The snapshot JSON of `caseFile`.
    public static func encode(_ caseFile: CaseFile) throws -> String {
        var json = JSONText()
        json.object {
            $0.field("id", caseFile.id.uuidString)
            $0.field("applicantID", caseFile.applicantID.uuidString)
            $0.field("category", caseFile.category.rawValue)
            $0.field("destinations", caseFile.destinations.map(\.rawValue))
            $0.field("office", caseFile.office)
            $0.field("newEEPRequested", caseFile.newEEPRequested)
            $0.field("renewsEndorsement", caseFile.renewsEndorsement)
            $0.field("state", caseFile.state.rawValue)
            $0.field("workflowVersion", caseFile.workflowVersion)
            $0.field("policyVersion", caseFile.policyVersion)
            $0.field("submittedOn", caseFile.submittedOn?.description)
            $0.field("acceptedOn", caseFile.acceptedOn?.description)
            $0.field("decidedOn", caseFile.decidedOn?.description)
            $0.field("issuedOn", caseFile.issuedOn?.description)
            $0.field("documentsReceived", caseFile.documentsReceived.map(\.rawValue).sorted())
            $0.field("missingDocuments", caseFile.missingDocuments.map(\.rawValue).sorted())
            $0.field("completenessNoticeSent", caseFile.completenessNoticeSent)
            $0.field("preparedBy", caseFile.preparedBy)
            $0.field("preparers", caseFile.preparers)
            $0.field("reviewedBy", caseFile.reviewedBy)
            $0.field("approvedBy", caseFile.approvedBy)
            $0.field("assignee", caseFile.assignee)
            $0.field("verifiedByPerson", caseFile.verifiedByPerson)
            $0.key("clock")
            $0.object { clock in
                clock.field("limitWorkingDays", caseFile.clock.limitWorkingDays)
                clock.field("usedWorkingDays", caseFile.clock.usedWorkingDays)
                clock.field("runningSince", caseFile.clock.runningSince?.description)
                clock.field("pausedOn", caseFile.clock.pausedOn?.description)
                clock.field("extended", caseFile.clock.extended)
            }
            $0.key("deadlines")
            $0.object { deadlines in
                deadlines.field("completenessNoticeBy", caseFile.deadlines.completenessNoticeBy?.description)
                deadlines.field("supplementationBy", caseFile.deadlines.supplementationBy?.description)
                deadlines.field("decisionBy", caseFile.deadlines.decisionBy?.description)
                deadlines.field("decisionProvisional", caseFile.deadlines.decisionProvisional)
                deadlines.field("completenessProvisional", caseFile.deadlines.completenessProvisional)
            }
            $0.field("reasonCode", caseFile.reasonCode)
            $0.field("flags", caseFile.flags)
        }
        return json.text
    }

    /// The case in snapshot JSON `text`; throws saying why when it is not one.
    public static func decode(_ text: String) throws -> CaseFile {
        if let value = try? JSONValue.parse(text), let caseFile = CaseFile(snapshot: value) {
            return caseFile
        }
        return try JSONDecoder().decode(CaseFile.self, from: Data(text.utf8))
    }
}

extension CaseFile {
    /// The case in a parsed snapshot; nil when a key is missing, unknown or of the wrong kind.
    fileprivate init?(snapshot value: JSONValue) {
        guard case .object(let fields) = value,
              case .object(let clock)? = fields["clock"], case .object(let deadlines)? = fields["deadlines"]
        else { return nil }
        var reader = SnapshotFields(fields: fields)
        reader.markRead(2)   // clock and deadlines
        var clockReader = SnapshotFields(fields: clock)
        var deadlineReader = SnapshotFields(fields: deadlines)
        guard let id = reader.uuid("id"), let applicantID = reader.uuid("applicantID"),
              let category = reader.string("category").flatMap(TalentCategory.init(rawValue:)),
              let destinations = reader.strings("destinations")?.compactMap(Destination.init(rawValue:)),
              let office = reader.string("office"), let newEEPRequested = reader.bool("newEEPRequested"),
              let renewsEndorsement = reader.optionalString("renewsEndorsement"),
              let state = reader.string("state").flatMap(CaseState.init(rawValue:)),
              let workflowVersion = reader.string("workflowVersion"), let policyVersion = reader.optionalString("policyVersion"),
              let submittedOn = reader.optionalDay("submittedOn"), let acceptedOn = reader.optionalDay("acceptedOn"),
              let decidedOn = reader.optionalDay("decidedOn"), let issuedOn = reader.optionalDay("issuedOn"),
              let received = reader.strings("documentsReceived"), let missing = reader.strings("missingDocuments"),
              let completenessNoticeSent = reader.bool("completenessNoticeSent"),
              let preparedBy = reader.optionalString("preparedBy"), let preparers = reader.strings("preparers"),
              let reviewedBy = reader.optionalString("reviewedBy"), let approvedBy = reader.optionalString("approvedBy"),
              let assignee = reader.optionalString("assignee"), let verifiedByPerson = reader.bool("verifiedByPerson"),
              let reasonCode = reader.optionalString("reasonCode"), let flags = reader.strings("flags"),
              let limit = clockReader.int("limitWorkingDays"), let used = clockReader.int("usedWorkingDays"),
              let runningSince = clockReader.optionalDay("runningSince"), let pausedOn = clockReader.optionalDay("pausedOn"),
              let extended = clockReader.bool("extended"),
              let noticeBy = deadlineReader.optionalDay("completenessNoticeBy"),
              let supplementationBy = deadlineReader.optionalDay("supplementationBy"),
              let decisionBy = deadlineReader.optionalDay("decisionBy"),
              let decisionProvisional = deadlineReader.bool("decisionProvisional"),
              let completenessProvisional = deadlineReader.bool("completenessProvisional"),
              reader.allRead, clockReader.allRead, deadlineReader.allRead
        else { return nil }
        let receivedKinds = received.compactMap(DocumentKind.init(rawValue:))
        let missingKinds = missing.compactMap(DocumentKind.init(rawValue:))
        guard receivedKinds.count == received.count, missingKinds.count == missing.count,
              destinations.count == reader.count("destinations") else { return nil }
        self = CaseFile.draft(id: id, applicantID: applicantID, category: category, destinations: destinations, office: office,
                              newEEPRequested: newEEPRequested, renewsEndorsement: renewsEndorsement)
        self.state = state
        self.workflowVersion = workflowVersion
        self.policyVersion = policyVersion
        self.submittedOn = submittedOn
        self.acceptedOn = acceptedOn
        self.decidedOn = decidedOn
        self.issuedOn = issuedOn
        self.documentsReceived = Set(receivedKinds)
        self.missingDocuments = Set(missingKinds)
        self.completenessNoticeSent = completenessNoticeSent
        self.preparedBy = preparedBy
        self.preparers = preparers
        self.reviewedBy = reviewedBy
        self.approvedBy = approvedBy
        self.assignee = assignee
        self.verifiedByPerson = verifiedByPerson
        self.clock = DecisionClock(limitWorkingDays: limit, usedWorkingDays: used, runningSince: runningSince, pausedOn: pausedOn,
                                   extended: extended)
        self.deadlines = CaseDeadlines(completenessNoticeBy: noticeBy, supplementationBy: supplementationBy, decisionBy: decisionBy,
                                       decisionProvisional: decisionProvisional, completenessProvisional: completenessProvisional)
        self.reasonCode = reasonCode
        self.flags = flags
    }
}

/// Reads typed fields of a snapshot object and counts the ones read, so that an unknown key is noticed.
private struct SnapshotFields {
    let fields: [String: JSONValue]
    private var known = 0

    init(fields: [String: JSONValue]) {
        self.fields = fields
    }

    /// Every key of the object was read (absent optionals are not keys).
    var allRead: Bool { known == fields.count }

    /// Counts `keys` read elsewhere.
    mutating func markRead(_ keys: Int) {
        known += keys
    }

    /// The number of elements of an array field (0 when it is not one).
    func count(_ key: String) -> Int {
        guard case .array(let items)? = fields[key] else { return 0 }
        return items.count
    }

    private mutating func value(_ key: String) -> JSONValue? {
        guard let value = fields[key] else { return nil }
        known += 1
        return value
    }

    mutating func string(_ key: String) -> String? {
        guard case .string(let text) = value(key) else { return nil }
        return text
    }

    /// `.some(nil)` for an absent or null key, nil for a value of the wrong kind.
    mutating func optionalString(_ key: String) -> String?? {
        switch value(key) {
        case nil, .null?: return .some(nil)
        case .string(let text)?: return .some(text)
        default: return nil
        }
    }

    mutating func optionalDay(_ key: String) -> CivilDate?? {
        switch optionalString(key) {
        case .some(nil): return .some(nil)
        case .some(let text?): return CivilDate(iso: text).map { .some($0) }
        case nil: return nil
        }
    }

    mutating func uuid(_ key: String) -> UUID? {
        string(key).flatMap(UUID.init(uuidString:))
    }

    mutating func bool(_ key: String) -> Bool? {
        guard case .bool(let flag) = value(key) else { return nil }
        return flag
    }

    mutating func int(_ key: String) -> Int? {
        guard case .number(let number) = value(key) else { return nil }
        return Int(exactly: number)
    }

    mutating func strings(_ key: String) -> [String]? {
        guard case .array(let items) = value(key) else { return nil }
        var texts: [String] = []
        texts.reserveCapacity(items.count)
        for item in items {
            guard case .string(let text) = item else { return nil }
            texts.append(text)
        }
        return texts
    }
}
