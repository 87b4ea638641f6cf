import Foundation
import PermitCore

/// A case as the door read it inside a transaction, with everything PermitCore decides from: the stored case,
/// its facts (applicant, employer, lists, registrations, other cases) and the reference data.
///
/// A second change of the same case in the same transaction starts from `advanced(by:)` instead of reading
/// all of it again.
public struct CaseReading: Sendable {
    /// The case as stored.
    public var record: CaseRecord
    /// The facts PermitCore's guards and screening look at.
    public var facts: CaseFacts
    /// The policy book and working-day calendar.
    public var reference: ReferenceData

    /// The case file.
    public var caseFile: CaseFile { record.caseFile }

    /// The case as the door left it after writing `step` over this reading. The facts are kept: they describe the
    /// applicant and registries, which no case change writes (issue, which adds endorsements, ends a case's changes).
    public func advanced(by step: CaseStep) -> CaseReading {
        var next = self
        next.record.caseFile = step.caseFile
        next.record.version += 1
        return next
    }

    /// The day `now` falls on in the policy's time zone.
    public func today(at now: Date) -> CivilDate {
        CivilDate.today(in: reference.policies.timeZone, now: now)
    }
}
