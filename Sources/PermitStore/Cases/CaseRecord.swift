import Foundation
import PermitCore

/// A case as stored: the PermitCore value and its version (the number of history rows written).
public struct CaseRecord: Sendable, Equatable {
    /// The case.
    public var caseFile: CaseFile
    /// The optimistic-concurrency token: a change must be based on this version.
    public var version: Int
    /// The EEP number the case was opened with.
    public var eepNumber: String
    /// When the case was opened.
    public var createdAt: Date
}

/// What a person gives to open a case.
public struct NewCase: Sendable, Equatable {
    /// The applicant.
    public var applicantID: UUID
    /// The endorsement category applied for.
    public var category: TalentCategory
    /// HK, MO or both.
    public var destinations: [Destination]
    /// The office's city key; nil means the applicant's place of work.
    public var office: String?
    /// The applicant applies for a new EEP in the same application.
    public var newEEPRequested: Bool
    /// The endorsement this application renews, if any.
    public var renewsEndorsement: String?

    /// Creates the request.
    public init(applicantID: UUID, category: TalentCategory, destinations: [Destination], office: String? = nil,
                newEEPRequested: Bool = false, renewsEndorsement: String? = nil) {
        self.applicantID = applicantID
        self.category = category
        self.destinations = destinations
        self.office = office
        self.newEEPRequested = newEEPRequested
        self.renewsEndorsement = renewsEndorsement
    }
}
