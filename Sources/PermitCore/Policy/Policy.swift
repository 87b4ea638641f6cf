import Foundation

/// One version of the rules, in force from `effectiveFrom` until the next version starts.
///
/// A case pins the version in force on its submission date; later versions never change it.
public struct Policy: Codable, Sendable, Equatable {
    /// Version identifier, e.g. "2025-11-05".
    public var version: String
    /// The first day this version governs new submissions.
    public var effectiveFrom: CivilDate
    /// The time zone dates are counted in ("Asia/Shanghai").
    public var timeZone: String
    /// Where the rules come from (announcements), for people reading the file.
    public var source: String
    /// Assumptions and remarks a reader should check.
    public var notes: [String]
    /// The longest single stay per visit, in days (30).
    public var maxStayDays: Int
    /// When validity begins (the issue date; an assumption kept configurable).
    public var validityStartsOn: ValidityStart
    /// Validity, office, documents and eligibility per category.
    public var categories: [CategoryRule]
    /// Regions with the date each came into force and the cities they contain.
    public var regions: [Region]
    /// Fees per endorsement and for a new EEP.
    public var fees: FeeSchedule
    /// Completeness, supplementation and decision periods.
    public var deadlines: DeadlineRules
    /// How many days before expiry a renewal reminder is due (90).
    public var renewalReminderDays: Int
    /// How many days the EEP must outlast the endorsement (20).
    public var eepMarginDays: Int
    /// Rules specific to the Hetao Shenzhen Park workflow.
    public var hetao: HetaoRules

    /// The time zone as a value (falls back to Asia/Shanghai, then UTC).
    public var zone: TimeZone {
        TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
    }

    /// The rule for `category`, if this version has one.
    public func rule(for category: TalentCategory) -> CategoryRule? {
        categories.first { $0.category == category }
    }
}

/// When an endorsement's validity begins.
public enum ValidityStart: String, Codable, Sendable {
    /// On the day it is issued.
    case issueDate = "issue_date"
}

/// Rules for the Hetao Shenzhen Park workflow.
public struct HetaoRules: Codable, Sendable, Equatable {
    /// Whether a clean case may be approved by the system with no person involved.
    public var straightThrough: Bool

    /// Makes the rules.
    public init(straightThrough: Bool) {
        self.straightThrough = straightThrough
    }
}
