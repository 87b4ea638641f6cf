import Foundation
import PermitCore
import PermitStore
import Postgres

/// Everything the overview page shows, read in ONE read-only transaction (one consistent snapshot).
struct OfficeOverview: Sendable {
    /// The day in the policy time zone.
    let today: CivilDate
    /// When it was read.
    let now: Date
    /// Cases by state, overdue, the queue by kind.
    let counts: OfficeCounts
    /// Open cases near or past their decision deadline.
    let deadlines: [DeadlineCase]
    /// Open cases per caseworker.
    let load: [CaseworkerLoad]
    /// Decision times over the last 30 and 90 days.
    let decisionTimes: [DecisionTimeStatistics]
    /// The newest dead jobs.
    let deadJobs: [JobRecord]
    /// True when today's year (or the next) is missing from the calendar: working-day counts are provisional.
    let calendarIncomplete: Bool

    /// Reads the overview as `pool`'s login, as of `now`; "near" is at most `margin` working days left.
    static func read(pool: PostgresPool, reference: ReferenceCache, margin: Int, now: Date = Date()) async throws -> OfficeOverview {
        try await pool.withTransaction(isolationLevel: .repeatableRead, readOnly: true) { connection in
            let data = try await reference.data(on: connection)
            let today = CivilDate.today(in: data.policies.timeZone, now: now)
            let calendar = data.calendar
            let decisions = try await DecisionTimes.decisions(lastDays: 90, today: today, on: connection)
            return OfficeOverview(
                today: today, now: now,
                counts: try await OfficeCounts.read(today: today, now: now, on: connection),
                deadlines: try await DeadlineWatch.cases(today: today, margin: margin, calendar: calendar, on: connection),
                load: try await CaseworkerLoad.current(today: today, on: connection),
                decisionTimes: [30, 90].map { DecisionTimeStatistics(decisions, windowDays: $0, today: today, calendar: calendar) },
                deadJobs: try await JobQueue.dead(limit: 20, on: connection),
                calendarIncomplete: !calendar.loadedYears.isSuperset(of: [today.year, today.year + 1]))
        }
    }
}
