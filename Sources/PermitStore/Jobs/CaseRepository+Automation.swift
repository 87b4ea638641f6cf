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

    /// Checks now, inside the caller's transaction, that every change of a case so far wrote its history row,
    /// so the same case may change again in this transaction (the database's deferred check compares each
    /// change with the case's last history row at commit, which a second change would move on).
    /// Both statements are queued with the case's writes.
    public func checkHistoryWritten(on connection: PostgresConnection) async throws {
        try await connection.enqueue("SET CONSTRAINTS applications_history_written IMMEDIATE")
        try await connection.enqueue("SET CONSTRAINTS applications_history_written DEFERRED")
    }

    /// The time zone the policy counts days in (Asia/Shanghai), from the reference data.
    public func policyTimeZone(on connection: PostgresConnection) async throws -> TimeZone {
        try await reference.data(on: connection).policies.timeZone
    }
}
