/// The dates a case must meet; each is the last allowed day.
public struct CaseDeadlines: Codable, Sendable, Equatable {
    /// The last day to send the completeness notice (5 working days after submission).
    public var completenessNoticeBy: CivilDate?
    /// The last day for the applicant to supply missing documents.
    public var supplementationBy: CivilDate?
    /// The last day to decide (nil while the clock is stopped or not started).
    public var decisionBy: CivilDate?
    /// True when `decisionBy` relied on days outside the loaded calendar years.
    public var decisionProvisional: Bool
    /// True when `completenessNoticeBy` relied on days outside the loaded calendar years.
    public var completenessProvisional: Bool

    /// Makes deadlines (none set by default).
    public init(
        completenessNoticeBy: CivilDate? = nil, supplementationBy: CivilDate? = nil, decisionBy: CivilDate? = nil,
        decisionProvisional: Bool = false, completenessProvisional: Bool = false
    ) {
        self.completenessNoticeBy = completenessNoticeBy
        self.supplementationBy = supplementationBy
        self.decisionBy = decisionBy
        self.decisionProvisional = decisionProvisional
        self.completenessProvisional = completenessProvisional
    }
}
