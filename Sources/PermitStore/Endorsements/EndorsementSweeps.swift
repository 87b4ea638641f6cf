import Foundation
import PermitCore
import Postgres

/// What one daily sweep changed.
public struct SweepReport: Sendable, Equatable, Codable {
    /// The day swept.
    public var day: CivilDate
    /// Endorsements whose last valid day passed.
    public var expired = 0
    /// Endorsements whose EEP ended first.
    public var voided = 0
    /// Cases whose renewal reminder was recorded.
    public var reminders = 0
    /// Revocation reviews opened for Hetao endorsements whose registration was cancelled.
    public var revocationReviews = 0

    /// An empty report for `day`.
    public init(day: CivilDate) {
        self.day = day
    }
}

/// The daily sweeps over endorsements, each one set-based SQL statement (thousands of rows per statement).
public enum EndorsementSweeps {
    /// Runs every sweep for `day` in the caller's transaction, acting as `system` at `now`.
    public static func run(day: CivilDate, at now: Date, on connection: PostgresConnection) async throws -> SweepReport {
        var report = SweepReport(day: day)
        (report.expired, report.voided) = try await endValidity(day: day, at: now, on: connection)
        report.reminders = try await remind(day: day, at: now, on: connection)
        report.revocationReviews = try await openRevocationReviews(at: now, on: connection)
        return report
    }

    /// Ends active endorsements in one statement: void when their EEP ended (expired or cancelled) before
    /// `day` and before the endorsement did, expired when their last valid day is before `day`.
    public static func endValidity(day: CivilDate, at now: Date, on connection: PostgresConnection) async throws -> (expired: Int, voided: Int) {
        let rows = try await connection.query("""
            WITH changed AS (
                UPDATE endorsements e
                   SET status = CASE WHEN least(t.expires_on, t.cancelled_on - 1) < \(day.postgres)
                                      AND least(t.expires_on, t.cancelled_on - 1) < e.valid_until THEN 'void' ELSE 'expired' END,
                       status_changed_at = \(now)
                  FROM travel_documents t
                 WHERE t.number = e.eep_number AND e.status = 'active'
                   AND (e.valid_until < \(day.postgres) OR least(t.expires_on, t.cancelled_on - 1) < \(day.postgres))
                RETURNING e.number, e.status
            ), logged AS (
                INSERT INTO endorsement_events (number, seq, from_status, to_status, actor, note, at)
                SELECT c.number, (SELECT coalesce(max(v.seq), 0) + 1 FROM endorsement_events v WHERE v.number = c.number),
                       'active', c.status, 'system',
                       CASE c.status WHEN 'void' THEN 'the EEP ended before the endorsement' END, \(now)
                  FROM changed c
                 -- The sort takes in every row (and its next seq) before the first insert: otherwise each seq
                 -- lookup would also scan the rows this statement already inserted (quadratic on a table whose
                 -- statistics still say it is small, as on the first big sweep).
                 ORDER BY c.number
                RETURNING to_status
            )
            SELECT count(*) FILTER (WHERE to_status = 'expired')::int AS expired,
                   count(*) FILTER (WHERE to_status = 'void')::int AS voided
              FROM logged
            """)
        guard let row = rows.first else { return (0, 0) }
        return (try row.decode("expired"), try row.decode("voided"))
    }

    /// Records a renewal reminder in the history of each case with an active endorsement whose reminder day came
    /// and which does not end by `day`, nor its EEP (expired or cancelled): those are ended by `endValidity`
    /// instead. The two sweeps therefore touch disjoint endorsements and may run at once.
    /// - Parameters:
    ///   - shard: with `shards` > 1, only the cases whose id falls in this share (0-based) are reminded, so
    ///     several connections can share one day's reminders without touching the same case.
    public static func remind(day: CivilDate, at now: Date, shard: Int = 0, of shards: Int = 1,
                              on connection: PostgresConnection) async throws -> Int {
        try await connection.query("""
            WITH due AS (
                UPDATE endorsements e SET reminder_sent_on = \(day.postgres)
                  FROM travel_documents t
                 WHERE t.number = e.eep_number
                   AND e.status = 'active' AND e.reminder_sent_on IS NULL AND e.reminder_due_on <= \(day.postgres)
                   -- exactly the endorsements endValidity leaves alone (the negation of its condition)
                   AND e.valid_until >= \(day.postgres) AND least(t.expires_on, t.cancelled_on - 1) >= \(day.postgres)
                   AND get_byte(uuid_send(e.case_id), 15) % \(shards) = \(shard)
                RETURNING e.number, e.case_id, e.valid_until
            ), per_case AS (
                SELECT case_id, string_agg(number, ',' ORDER BY number) AS numbers, min(valid_until) AS valid_until
                  FROM due GROUP BY case_id
            ), bumped AS (
                UPDATE applications a SET version = a.version + 1, updated_at = \(now)
                  FROM per_case p WHERE a.id = p.case_id
                RETURNING a.id, a.version, a.state
            )
            INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, metadata, at)
            SELECT b.id, b.version, b.state, b.state, 'renewal_reminder', 'system',
                   jsonb_build_object('endorsements', p.numbers, 'valid_until', p.valid_until::text), \(now)
              FROM bumped b JOIN per_case p ON p.case_id = b.id
            """).affectedRows
    }

    /// Opens a supervisor's revocation review for each active Hetao endorsement whose holder has no active
    /// registration with a park employer any more (and records it in the case history).
    /// - Parameter holder: only this applicant's endorsements, as the cancellation of a registration does in its own
    ///   transaction (a review opens unless one is open). Nil for the daily sweep, the safety net for cancellations
    ///   made some other way: it opens a review only for an endorsement that never had one, so a review a
    ///   cancellation opened, or one a supervisor closed by keeping the endorsement, is not opened again.
    /// With `holder` (a registration just cancelled), the history row names the person whose session cancelled it
    /// (the database checks that it does); the sweep's rows name `system`.
    public static func openRevocationReviews(at now: Date, holder: UUID? = nil, on connection: PostgresConnection) async throws -> Int {
        let openedBy = holder == nil ? "daily_sweep" : "registration_cancelled"
        let actor = holder == nil ? "'system'" : "coalesce(permit_session_actor(), 'system')"
        return try await connection.query("""
            WITH opened AS (
                INSERT INTO revocation_reviews (number, reason_code, opened_at)
                SELECT e.number, 'hetao_registration_cancelled', \(now) FROM endorsements e
                 WHERE e.status = 'active' AND e.category = 'hetao_park'
                   AND (\(holder)::uuid IS NULL OR e.applicant_id = \(holder)::uuid)
                   AND NOT EXISTS (SELECT 1 FROM hetao_registrations h JOIN employers m ON m.credit_code = h.employer_code
                                    WHERE h.applicant_id = e.applicant_id AND h.status = 'active' AND m.in_hetao_park)
                   AND NOT EXISTS (SELECT 1 FROM revocation_reviews r
                                    WHERE r.number = e.number AND (r.outcome IS NULL OR \(holder)::uuid IS NULL))
                ON CONFLICT DO NOTHING
                RETURNING number
            ), per_case AS (
                SELECT e.case_id, string_agg(o.number, ',' ORDER BY o.number) AS numbers
                  FROM opened o JOIN endorsements e ON e.number = o.number GROUP BY e.case_id
            ), bumped AS (
                UPDATE applications a SET version = a.version + 1, updated_at = \(now)
                  FROM per_case p WHERE a.id = p.case_id
                RETURNING a.id, a.version, a.state
            )
            INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, reason_code, metadata, at)
            SELECT b.id, b.version, b.state, b.state, 'revocation_review_opened', \(unescaped: actor), 'hetao_registration_cancelled',
                   jsonb_build_object('endorsements', p.numbers, 'opened_by', \(openedBy)::text), \(now)
              FROM bumped b JOIN per_case p ON p.case_id = b.id
            """).affectedRows
    }
}
