import Foundation
import PermitCore
import Postgres

extension CaseRepository {
    /// What the automatic checks decide for a case as of `now`, read inside the caller's transaction.
    /// - Parameter state: when given, a case in another state is refused (`case_moved_on`) instead of screened.
    public func screeningOutcome(for caseID: UUID, at now: Date, requiring state: CaseState? = nil,
                                 on connection: PostgresConnection) async throws -> ScreeningOutcome {
        try Self.screeningOutcome(for: try await read(caseID, on: connection), at: now, requiring: state)
    }

    /// What the automatic checks decide for a case already read, as of `now`.
    /// - Parameter state: when given, a case in another state is refused (`case_moved_on`) instead of screened.
    public static func screeningOutcome(for reading: CaseReading, at now: Date, requiring state: CaseState? = nil) throws -> ScreeningOutcome {
        if let state, reading.caseFile.state != state {
            throw StoreError.refused(Refusal(code: "case_moved_on",
                message: "case \(reading.caseFile.id) is \(reading.caseFile.state.rawValue), not \(state.rawValue)"))
        }
        return Screening.evaluate(reading.caseFile, facts: reading.facts, policies: reading.reference.policies, on: reading.today(at: now))
    }

    /// The Hetao straight-through decision for a case already read, as of `now`; nil when it is not an accepted Hetao case.
    public static func automaticDecision(for reading: CaseReading, at now: Date) -> CaseEvent? {
        AutomaticDecision.decide(reading.caseFile, facts: reading.facts, policies: reading.reference.policies, on: reading.today(at: now))
    }

    /// Screens a case already read, inside the caller's transaction, as the system: a submitted case begins screening
    /// and the checks decide on it at once, both written as one change (one case update, two history rows); a case
    /// already in screening (a retry after a crash) is decided only. Returns the steps written; `StoreError.refused`
    /// (`case_moved_on`) when the case is in neither state, and nothing is written then.
    @discardableResult
    public func screen(_ reading: CaseReading, at now: Date, on connection: PostgresConnection) async throws -> [CaseStep] {
        var changes: [CaseChange] = []
        var screening = reading
        if reading.caseFile.state == .submitted {
            let begun = try Self.decide(.beginScreening, for: reading, by: .system, at: now)
            changes.append(begun)
            screening = reading.advanced(by: begun.step)
        }
        let outcome = try Self.screeningOutcome(for: screening, at: now, requiring: .screening)
        changes.append(try Self.decide(outcome.event, for: screening, by: .system, at: now))
        try await write(changes, over: reading, at: now, on: connection)
        return changes.map(\.step)
    }

    /// The time zone the policy counts days in (Asia/Shanghai), from the reference data.
    public func policyTimeZone(on connection: PostgresConnection) async throws -> TimeZone {
        try await reference.data(on: connection).policies.timeZone
    }
}
