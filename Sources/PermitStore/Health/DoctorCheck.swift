/// One finding of `permit doctor`: what was checked, how it stands, and what to do about it.
public struct DoctorCheck: Sendable, Equatable, Codable {
    /// How a check stands.
    public enum Status: String, Sendable, Codable, Comparable {
        /// Nothing to do.
        case ok
        /// Look at it soon; the office still works.
        case warn
        /// Broken, or about to break: act now (`permit doctor` exits 1).
        case fail

        private var rank: Int { self == .ok ? 0 : self == .warn ? 1 : 2 }

        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
    }

    /// The check's stable name (snake_case), e.g. `stuck_leases`.
    public let name: String
    /// How it stands.
    public let status: Status
    /// What was found, with the figures.
    public let summary: String
    /// What to do (nil when nothing is to be done).
    public let advice: String?

    /// Creates a finding.
    public init(_ name: String, _ status: Status, _ summary: String, advice: String? = nil) {
        self.name = name
        self.status = status
        self.summary = summary
        self.advice = advice
    }

    /// A finding graded by `value`: fail at `fail` or above, warn at `warn` or above, else ok (advice only when not ok).
    static func graded(_ name: String, _ value: Double, warn: Double, fail: Double, _ summary: String, advice: String) -> DoctorCheck {
        let status: Status = value >= fail ? .fail : value >= warn ? .warn : .ok
        return DoctorCheck(name, status, summary, advice: status == .ok ? nil : advice)
    }

    private enum CodingKeys: String, CodingKey { case name, status, summary, advice }

    /// Encodes every key, `advice` as null when there is nothing to do.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encode(summary, forKey: .summary)
        try container.encode(advice, forKey: .advice)
    }
}

/// Everything `permit doctor` found.
public struct DoctorReport: Sendable, Equatable, Codable {
    /// The worst status of any check.
    public let status: DoctorCheck.Status
    /// The findings, in a fixed order.
    public let checks: [DoctorCheck]

    /// A report of `checks`.
    public init(checks: [DoctorCheck]) {
        self.checks = checks
        status = checks.map(\.status).max() ?? .ok
    }

    /// The finding named `name`, if it was checked.
    public func check(_ name: String) -> DoctorCheck? {
        checks.first { $0.name == name }
    }
}
