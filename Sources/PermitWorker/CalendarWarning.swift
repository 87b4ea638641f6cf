import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres
import Synchronization

/// From 1 December, a warning that next year's working-day calendar is not loaded: deadlines reaching into it are
/// counted on weekdays and flagged provisional until the State Council's notice is loaded. A process gives it once a
/// day (the long-running worker each day; `--once` once per run, however many passes it makes).
enum CalendarWarning {
    /// The days this process already warned on.
    private static let warned = Mutex<Set<CivilDate>>([])

    /// The warning for `today`, or nil when none is due.
    static func message(on today: CivilDate, calendar: WorkingDayCalendar) -> String? {
        guard let year = calendar.missingNextYear(on: today) else { return nil }
        return "the \(year) working-day calendar is not loaded: deadlines reaching into \(year) are provisional (weekdays assumed); "
            + "add seeds/calendar/\(year).json from the State Council's notice and run `permit seed` (`permit calendar check \(year)`)"
    }

    /// Logs the warning for `today` if one is due and this process has not given it today; returns whether it did.
    @discardableResult
    static func log(on today: CivilDate, cases: CaseRepository, pool: PostgresPool, logger: Logger) async throws -> Bool {
        let calendar = try await pool.withConnection { try await cases.reference.data(on: $0).calendar }
        guard let message = message(on: today, calendar: calendar) else { return false }
        guard warned.withLock({ $0.insert(today).inserted }) else { return false }
        logger.warning("\(message)", metadata: ["missing_year": "\(today.year + 1)"])
        return true
    }
}
