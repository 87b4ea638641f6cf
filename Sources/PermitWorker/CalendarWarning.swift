import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// From 1 December, a warning that next year's working-day calendar is not loaded: deadlines reaching into it are
/// counted on weekdays and flagged provisional until the State Council's notice is loaded. The worker gives it once
/// a day (and `--once` once per run).
enum CalendarWarning {
    /// The warning for `today`, or nil when none is due.
    static func message(on today: CivilDate, calendar: WorkingDayCalendar) -> String? {
        guard let year = calendar.missingNextYear(on: today) else { return nil }
        return "the \(year) working-day calendar is not loaded: deadlines reaching into \(year) are provisional (weekdays assumed); "
            + "add seeds/calendar/\(year).json from the State Council's notice and run `permit seed` (`permit calendar check \(year)`)"
    }

    /// Logs the warning for `today` if one is due; returns whether it did.
    @discardableResult
    static func log(on today: CivilDate, cases: CaseRepository, pool: PostgresPool, logger: Logger) async throws -> Bool {
        let calendar = try await pool.withConnection { try await cases.reference.data(on: $0).calendar }
        guard let message = message(on: today, calendar: calendar) else { return false }
        logger.warning("\(message)", metadata: ["missing_year": "\(today.year + 1)"])
        return true
    }
}
