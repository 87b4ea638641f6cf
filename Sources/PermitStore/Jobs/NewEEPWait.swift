import Foundation
import Postgres

/// An issue held until the applicant's new EEP is recorded.
///
/// Recording the EEP makes the held issue jobs due at once, in the recording transaction. A worker putting an issue
/// off takes the applicant's lock first and then looks for a new EEP, so an EEP recorded at the same moment either
/// commits first (and is seen) or waits for the lock and then finds the job queued and wakes it.
///
/// The lock is a transaction-scoped advisory lock on the applicant (exclusive while recording, shared while
/// checking): it needs no privilege on the tables, and leaves every other use of the applicant's rows alone.
public enum NewEEPWait {
    /// The first key of the advisory locks (the second is a hash of the applicant id).
    static let lockSpace: Int32 = 7007

    /// Takes the applicant's lock for recording an EEP, in the recording transaction, before the EEP is inserted;
    /// false when no applicant has that id.
    static func lockForRecording(applicant: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT pg_advisory_xact_lock(\(lockSpace), hashtext(\(applicant.uuidString.lowercased())))")
        return try await !connection.query("SELECT 1 FROM applicants WHERE id = \(applicant)").isEmpty
    }

    /// Makes the queued issue jobs of the applicant's approved cases that asked for a new EEP due at `now`, and wakes
    /// the workers; returns how many were woken. Runs in the recording transaction.
    static func wake(applicant: UUID, at now: Date, on connection: PostgresConnection) async throws -> Int {
        let woken = try await connection.query("""
            UPDATE jobs j SET due_at = \(now), last_error = 'woken: a new EEP was recorded'
              FROM applications a
             WHERE j.case_id = a.id AND a.applicant_id = \(applicant) AND a.state = 'approved' AND a.new_eep_requested
               AND j.kind = 'issue' AND j.state = 'queued' AND j.due_at > \(now)
            """).affectedRows
        if woken > 0 {
            try await connection.query("SELECT pg_notify('permit_jobs', '')")
        }
        return woken
    }

    /// True when an EEP was recorded for the case's applicant after the case's own, read after taking the
    /// applicant's lock (shared), in the transaction that puts the issue off.
    public static func newEEPRecorded(forCase caseID: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("""
            SELECT pg_advisory_xact_lock_shared(\(lockSpace), hashtext(a.applicant_id::text)) FROM applications a WHERE a.id = \(caseID)
            """)
        // A new statement: its snapshot sees an EEP committed while this one waited for the lock.
        return try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM applications a JOIN travel_documents cur ON cur.number = a.eep_number
                             JOIN travel_documents t ON t.applicant_id = a.applicant_id AND t.recorded_seq > cur.recorded_seq
                            WHERE a.id = \(caseID)) AS recorded
            """).first?.decode("recorded", as: Bool.self) ?? false
    }
}
