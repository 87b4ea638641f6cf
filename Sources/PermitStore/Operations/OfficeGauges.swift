import CoreMetrics
import Foundation
import Logging
import PermitCore
import Postgres

/// The office's gauges, sampled from the database: cases by state, overdue cases, the queue by kind and state,
/// and the oldest due job's age. Both `permit worker` and `permit serve` keep them fresh.
public struct OfficeGauges: Sendable {
    private let factory: any MetricsFactory

    /// Gauges made by `factory` (the executable's bootstrapped one by default; tests pass their own registry's).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Sets every gauge from `counts` at `now`.
    public func record(_ counts: OfficeCounts, at now: Date) {
        for (state, count) in counts.casesByState {
            Gauge(label: "permit_cases", dimensions: [("state", state)], factory: factory).record(count)
        }
        Gauge(label: "permit_cases_overdue", factory: factory).record(counts.overdue)
        for stat in counts.queue {
            let depths = [("due", stat.due), ("scheduled", stat.scheduled), ("running", stat.running), ("dead", stat.dead), ("done", stat.done)]
            for (state, depth) in depths {
                Gauge(label: "permit_queue_jobs", dimensions: [("kind", stat.kind), ("state", state)], factory: factory).record(depth)
            }
        }
        Gauge(label: "permit_queue_oldest_due_seconds", factory: factory).record(counts.oldestDueAge(at: now))
    }

    /// Samples once: reads the counts on a connection from `pool` and records them.
    public func sample(pool: PostgresPool, reference: ReferenceCache, now: Date = Date()) async throws {
        let counts = try await pool.withTransaction(readOnly: true) { connection in
            let zone = try await reference.data(on: connection).policies.timeZone
            return try await OfficeCounts.read(today: CivilDate.today(in: zone, now: now), now: now, on: connection)
        }
        record(counts, at: now)
    }

    /// Samples every `seconds` until the task is cancelled; a failed sample is logged and tried again next time.
    public func sampleRepeatedly(every seconds: Double, pool: PostgresPool, logger: Logger) async {
        let reference = ReferenceCache()
        while !Task.isCancelled {
            do {
                try await sample(pool: pool, reference: reference)
            } catch {
                logger.warning("could not sample the office gauges", metadata: ["error": "\(error)"])
            }
            do {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            } catch {
                return
            }
        }
    }
}
