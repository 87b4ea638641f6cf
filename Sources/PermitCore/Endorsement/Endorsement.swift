import Foundation

/// One endorsement on an EEP, for one destination; it carries the terms of the policy its case pinned.
public struct Endorsement: Codable, Sendable, Equatable {
    /// The printed number (assigned by the store).
    public var number: String
    /// The case that issued it.
    public var caseID: UUID
    /// The holder.
    public var applicantID: UUID
    /// Hong Kong or Macao.
    public var destination: Destination
    /// The talent category.
    public var category: TalentCategory
    /// The first valid day.
    public var validFrom: CivilDate
    /// The last valid day.
    public var validUntil: CivilDate
    /// The longest single stay, in days.
    public var maxStayDays: Int
    /// The fee paid, in CNY.
    public var feeCNY: Int
    /// Where it stands.
    public var status: EndorsementStatus
    /// The policy version whose terms it carries.
    public var policyVersion: String
    /// Why it left `active` (a revocation's reason code, "eep_ended", "expired", "superseded").
    public var statusReason: String?

    /// Makes an endorsement.
    public init(
        number: String, caseID: UUID, applicantID: UUID, destination: Destination, category: TalentCategory,
        validFrom: CivilDate, validUntil: CivilDate, maxStayDays: Int, feeCNY: Int,
        status: EndorsementStatus = .active, policyVersion: String, statusReason: String? = nil
    ) {
        self.number = number
        self.caseID = caseID
        self.applicantID = applicantID
        self.destination = destination
        self.category = category
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.maxStayDays = maxStayDays
        self.feeCNY = feeCNY
        self.status = status
        self.policyVersion = policyVersion
        self.statusReason = statusReason
    }

    /// A new active endorsement for `caseFile` on the given terms (the case's pinned policy version is copied).
    public init(number: String, caseFile: CaseFile, terms: EndorsementTerms) {
        self.init(
            number: number, caseID: caseFile.id, applicantID: caseFile.applicantID, destination: terms.destination,
            category: caseFile.category, validFrom: terms.validFrom, validUntil: terms.validUntil,
            maxStayDays: terms.maxStayDays, feeCNY: terms.feeCNY, policyVersion: terms.policyVersion)
    }
}

/// Where an endorsement stands: active → expired | void | revoked | superseded.
public enum EndorsementStatus: String, Codable, Sendable, CaseIterable {
    /// In use.
    case active
    /// Its validity ended.
    case expired
    /// Its EEP ended first.
    case void
    /// Revoked with a reason.
    case revoked
    /// Replaced by a newer endorsement for the same destination.
    case superseded
}

/// The terms of one endorsement to issue, computed from the case's pinned policy.
public struct EndorsementTerms: Sendable, Equatable {
    /// Hong Kong or Macao.
    public var destination: Destination
    /// The first valid day (the issue date).
    public var validFrom: CivilDate
    /// The last valid day.
    public var validUntil: CivilDate
    /// The longest single stay, in days.
    public var maxStayDays: Int
    /// The fee, in CNY.
    public var feeCNY: Int
    /// The policy version the terms come from.
    public var policyVersion: String

    /// Makes terms.
    public init(destination: Destination, validFrom: CivilDate, validUntil: CivilDate, maxStayDays: Int, feeCNY: Int, policyVersion: String) {
        self.destination = destination
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.maxStayDays = maxStayDays
        self.feeCNY = feeCNY
        self.policyVersion = policyVersion
    }
}
