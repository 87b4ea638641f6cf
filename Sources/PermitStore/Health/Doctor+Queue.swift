import Foundation
import Postgres

extension Doctor {
    /// Running jobs whose lease ran out more than the grace ago: no live worker is taking them over.
    func stuckLeasesCheck(now: Date, on connection: PostgresConnection) async throws -> DoctorCheck {
        let cutoff = now.addingTimeInterval(-settings.leaseGraceSeconds)
        let rows = try await connection.query("""
            SELECT count(*)::int AS stuck, min(lease_expires_at) AS oldest, string_agg(DISTINCT leased_by, ', ') AS workers
              FROM jobs WHERE state = 'running' AND lease_expires_at < \(cutoff)
            """)
        let stuck: Int = try rows.first?.decode("stuck") ?? 0
        guard stuck > 0, let oldest = try rows.first?.decode("oldest", as: Date?.self) else {
            return DoctorCheck("stuck_leases", .ok, "no running job is past its lease + \(Int(settings.leaseGraceSeconds)) s")
        }
        let workers = try rows.first?.decode("workers", as: String?.self) ?? "?"
        return DoctorCheck("stuck_leases", .fail,
                           "\(stuck) running job(s) past lease + \(Int(settings.leaseGraceSeconds)) s, the oldest lease ran out "
                           + "\(Int(now.timeIntervalSince(oldest))) s ago (leased by \(workers))",
                           advice: "start `permit worker`: a live worker takes expired leases over; check why the worker(s) named stopped")
    }

    /// Jobs that failed every attempt.
    func deadJobsCheck(on connection: PostgresConnection) async throws -> DoctorCheck {
        let rows = try await connection.query("""
            SELECT count(*)::int AS dead, string_agg(DISTINCT kind, ', ') AS kinds FROM jobs WHERE state = 'dead'
            """)
        let dead: Int = try rows.first?.decode("dead") ?? 0
        guard dead > 0 else { return DoctorCheck("dead_jobs", .ok, "no dead jobs") }
        let kinds = try rows.first?.decode("kinds", as: String?.self) ?? ""
        return DoctorCheck("dead_jobs", .warn, "\(dead) dead job(s) (\(kinds))",
                           advice: "read their errors with `permit jobs dead`, fix the cause, then `permit jobs retry ID`")
    }

    /// How long the oldest due job has waited for a worker.
    func oldestDueCheck(now: Date, on connection: PostgresConnection) async throws -> DoctorCheck {
        let rows = try await connection.query("""
            SELECT min(due_at) AS oldest, count(*)::int AS due FROM jobs WHERE state = 'queued' AND due_at <= \(now)
            """)
        guard let oldest = try rows.first?.decode("oldest", as: Date?.self) else {
            return DoctorCheck("oldest_due_job", .ok, "no job is waiting")
        }
        let due: Int = try rows.first?.decode("due") ?? 0
        let age = now.timeIntervalSince(oldest)
        let summary = "\(due) due job(s), the oldest due \(Int(age)) s ago"
        let advice = "is `permit worker` running? `permit queue stats` shows the backlog by kind; add --concurrency or workers"
        return .graded("oldest_due_job", age, warn: settings.oldestDueWarnSeconds, fail: settings.oldestDueFailSeconds, summary,
                       advice: advice)
    }

    /// A notification sent on a channel of its own reaches a listener (what wakes workers).
    func notifyCheck(on connection: PostgresConnection) async throws -> DoctorCheck {
        let channel = "permit_doctor"
        let payload = UUID().uuidString
        let listener = PostgresListener(configuration: configuration, channels: [channel], logger: logger)
        defer { listener.stop() }
        try await listener.start()
        let started = ContinuousClock.now
        try await connection.notify(channel: channel, payload: payload)
        let timeout = settings.notifyTimeoutSeconds
        let arrived = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await notification in listener.notifications where notification.payload == payload { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                return false
            }
            let first = await group.next() ?? false
            listener.stop()
            group.cancelAll()
            return first
        }
        guard arrived else {
            return DoctorCheck("notify_round_trip", .fail, "a NOTIFY did not arrive within \(timeout) s",
                               advice: "workers then only find work by polling; check the server log and any pooler between "
                               + "(LISTEN needs a session, not transaction pooling)")
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        return DoctorCheck("notify_round_trip", .ok, String(format: "NOTIFY arrived in %.1f ms", milliseconds))
    }
}
