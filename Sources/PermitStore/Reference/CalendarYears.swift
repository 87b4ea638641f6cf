import Foundation
import PermitCore
import Postgres

/// Whether one year's official working-day calendar is loaded, as `permit calendar check` reports it.
public struct CalendarYearStatus: Sendable, Equatable, Codable {
    /// The year.
    public let year: Int
    /// True when the State Council's calendar for the year is loaded.
    public let loaded: Bool
    /// The notice it comes from.
    public let source: String?
    /// Days off the calendar lists (holidays, weekends inside them included).
    public let holidays: Int
    /// Weekend days worked to make up for a holiday.
    public let makeUpWorkingDays: Int
    /// When it was loaded.
    public let loadedAt: Date?
}

/// The calendar years loaded in the database.
public enum CalendarYears {
    /// The status of `year`.
    public static func status(of year: Int, pool: PostgresPool) async throws -> CalendarYearStatus {
        try await pool.withConnection { connection in
            let rows = try await connection.query("""
                SELECT y.source, y.loaded_at,
                       (SELECT count(*) FROM calendar_days d WHERE extract(year FROM d.day) = y.year AND NOT d.is_working_day)::int AS holidays,
                       (SELECT count(*) FROM calendar_days d WHERE extract(year FROM d.day) = y.year AND d.is_working_day)::int AS make_up
                  FROM calendar_years y WHERE y.year = \(year)
                """)
            guard let row = rows.first else {
                return CalendarYearStatus(year: year, loaded: false, source: nil, holidays: 0, makeUpWorkingDays: 0, loadedAt: nil)
            }
            return CalendarYearStatus(year: year, loaded: true, source: try row.decode("source"), holidays: try row.decode("holidays"),
                                      makeUpWorkingDays: try row.decode("make_up"), loadedAt: try row.decode("loaded_at"))
        }
    }
}
