/// Where an open case stands against its decision deadline, counted in working days.
public struct DeadlineStanding: Sendable, Equatable, Codable {
    /// How a deadline stands today.
    public enum Status: String, Sendable, Codable {
        /// More than the warning margin left.
        case onTrack = "on_track"
        /// Due within the warning margin (today included).
        case near
        /// The deadline day has passed.
        case past
    }

    /// The status.
    public let status: Status
    /// Working days left after today through the deadline (0 on the deadline day); negative: working days late.
    public let workingDaysLeft: Int
    /// True when the count relied on days outside the loaded calendar years.
    public let provisional: Bool

    /// Judges `deadline` as of `today`: near when at most `margin` working days are left.
    public init(deadline: CivilDate, today: CivilDate, margin: Int, calendar: WorkingDayCalendar) {
        if deadline >= today {
            let left = calendar.workingDays(after: today, through: deadline)
            workingDaysLeft = left.count
            provisional = left.provisional
            status = left.count <= margin ? .near : .onTrack
        } else {
            let late = calendar.workingDays(after: deadline, through: today)
            // A deadline that passed over a weekend is still past, by at least one day.
            workingDaysLeft = -max(late.count, 1)
            provisional = late.provisional
            status = .past
        }
    }
}
