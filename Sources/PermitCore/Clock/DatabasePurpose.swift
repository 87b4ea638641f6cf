import Foundation

/// What a database is for. Production records acts at the real time only; a training or what-if copy may act
/// at any chosen instant (replaying a scenario, checking what was due on a past date).
///
/// The purpose is kept in the database (table `database_purpose`, set by an operator with
/// `permit database purpose`), and the database itself refuses a history row far from its clock in production.
public enum DatabasePurpose: String, Codable, Sendable, CaseIterable {
    /// The real caseload (the default): no backdating.
    case production
    /// A copy for training staff: any instant may be chosen.
    case training
    /// A copy for what-if questions: any instant may be chosen.
    case whatIf = "what_if"

    /// The refusal code when a chosen instant is used on a production database.
    public static let refusalCode = "as_of_in_production"

    /// True when acts may be recorded at a chosen instant.
    public var allowsChosenTime: Bool { self != .production }

    /// Nil when acting at `time` is allowed on a database with this purpose at `now`; else why not.
    ///
    /// The real clock is always allowed, and so is a chosen instant within `ActingTime.productionTolerance` of `now`.
    public func refusal(actingAt time: ActingTime, now: Date) -> Refusal? {
        guard time.isChosen, !allowsChosenTime, !time.isWithin(ActingTime.productionTolerance, of: now) else { return nil }
        return Refusal(
            code: Self.refusalCode,
            message: "this database's purpose is production, where acts are recorded at the real time (now \(ActingTime.format(now))), "
                + "not at \(time); act as of another instant on a training or what-if copy: `createdb -T permitflow permitflow_whatif`, "
                + "then `permit database purpose what_if` on it (see `permit database purpose --help`)")
    }
}
