import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// What a job's work asks the queue to do with the job once the work is written.
enum JobDisposition: Sendable, Equatable {
    /// Mark it done.
    case complete
    /// Queue it again at `until` without counting a failure.
    case postpone(until: Date, note: String)
    /// An issue waiting for the applicant's new EEP: queue it again at `until`, or at `now` if the EEP was recorded
    /// meanwhile (checked under the applicant's lock, see `NewEEPWait`).
    case awaitNewEEP(until: Date, now: Date, note: String)
}

/// The work of each job kind on its case, as the system, through the case door on the job's transaction.
///
/// Mapping (from PermitCore): screen → begin screening, then the event `Screening.evaluate` returns (written as
/// one change of the case, `CaseRepository.screen`);
/// completeness_check → deem accepted; lapse_check → lapse; decision_deadline → escalate;
/// auto_decide → `AutomaticDecision.decide`'s event; issue → issue; the sweep kinds → the daily sweeps.
struct CaseJobHandler: Sendable {
    /// The case door.
    let cases: CaseRepository
    /// How long an issue waiting for the applicant's new EEP is put off (recording the EEP wakes it sooner).
    var awaitingEEPDelay: TimeInterval = 86_400

    /// Does the job's work on `connection` (inside the caller's transaction) and says what to do with the job.
    /// Throws `StoreError` with code `.refused` when the case moved on; the caller rolls back and completes the job.
    func perform(_ job: ClaimedJob, at now: Date, on connection: PostgresConnection) async throws -> JobDisposition {
        guard let kind = JobKind(rawValue: job.kind) else {
            throw JobFailure("unknown job kind \(job.kind): no handler knows it")
        }
        switch kind {
        case .expirySweep, .renewalReminder, .registrationCheck:
            let zone = try await cases.policyTimeZone(on: connection)
            _ = try await EndorsementSweeps.run(day: CivilDate.today(in: zone, now: now), at: now, on: connection)
            return .complete
        default:
            break
        }
        guard let caseID = job.caseID else {
            throw JobFailure("job \(job.id) (\(job.kind)) has no case")
        }
        let reading = try await cases.read(caseID, on: connection)
        let event: CaseEvent?
        switch kind {
        case .screen:
            try await cases.screen(reading, at: now, on: connection)
            return .complete
        case .completenessCheck: event = .deemAccepted
        case .lapseCheck: event = .lapse
        case .decisionDeadline: event = .escalate(note: "decision deadline passed without a decision")
        case .autoDecide: event = CaseRepository.automaticDecision(for: reading, at: now)
        case .issue: event = .issue
        case .expirySweep, .renewalReminder, .registrationCheck: event = nil
        }
        guard let event else { return .complete }
        try await cases.apply(event, to: reading, by: .system, at: now, on: connection)
        return .complete
    }

    /// What a refusal of the job's event means: issue waiting for a new EEP is postponed; anything else
    /// means the case moved on and the job completes as a no-op.
    func disposition(after refusal: Refusal, of job: ClaimedJob, at now: Date) -> JobDisposition {
        if job.kind == JobKind.issue.rawValue && refusal.code == "awaiting_new_eep" {
            return .awaitNewEEP(until: now.addingTimeInterval(awaitingEEPDelay), now: now, note: "awaiting_new_eep: \(refusal.message)")
        }
        return .complete
    }
}

/// A job that cannot be run as queued (unknown kind, no case); it fails and, after its attempts, is dead.
struct JobFailure: Error, CustomStringConvertible {
    /// Why.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
