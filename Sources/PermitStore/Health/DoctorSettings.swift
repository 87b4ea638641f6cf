import Foundation

/// What `permit doctor` counts as healthy.
public struct DoctorSettings: Sendable, Equatable {
    /// A running job whose lease ran out more than this long ago is stuck (no live worker took it over).
    public var leaseGraceSeconds: Double
    /// A due job waiting longer than this is a warning; longer than `oldestDueFailSeconds`, a failure.
    public var oldestDueWarnSeconds: Double
    /// See `oldestDueWarnSeconds`.
    public var oldestDueFailSeconds: Double
    /// How long the NOTIFY self-test waits for its own notification.
    public var notifyTimeoutSeconds: Double
    /// The tables whose bloat and vacuuming are checked.
    public var hotTables: [String]
    /// Estimated bloat above this fraction of a relation, and above `bloatWarnBytes`, is a warning.
    public var bloatWarnFraction: Double
    /// See `bloatWarnFraction`.
    public var bloatWarnBytes: Int64
    /// Connections in use above this fraction of those available is a warning; above `connectionsFailFraction`, a failure.
    public var connectionsWarnFraction: Double
    /// See `connectionsWarnFraction`.
    public var connectionsFailFraction: Double
    /// True where running as a superuser is expected: the embedded default cluster and tests. Elsewhere it fails.
    public var superuserAllowed: Bool

    /// The defaults `permit doctor` uses.
    public init(leaseGraceSeconds: Double = 60, oldestDueWarnSeconds: Double = 300, oldestDueFailSeconds: Double = 3600,
                notifyTimeoutSeconds: Double = 5,
                hotTables: [String] = ["jobs", "applications", "case_transitions", "endorsements", "endorsement_events", "sweep_runs"],
                bloatWarnFraction: Double = 0.5, bloatWarnBytes: Int64 = 16 << 20,
                connectionsWarnFraction: Double = 0.8, connectionsFailFraction: Double = 0.95, superuserAllowed: Bool = false) {
        self.leaseGraceSeconds = leaseGraceSeconds
        self.oldestDueWarnSeconds = oldestDueWarnSeconds
        self.oldestDueFailSeconds = oldestDueFailSeconds
        self.notifyTimeoutSeconds = notifyTimeoutSeconds
        self.hotTables = hotTables
        self.bloatWarnFraction = bloatWarnFraction
        self.bloatWarnBytes = bloatWarnBytes
        self.connectionsWarnFraction = connectionsWarnFraction
        self.connectionsFailFraction = connectionsFailFraction
        self.superuserAllowed = superuserAllowed
    }
}
