import Foundation
import PermitCore
import Postgres

extension CaseRepository {
    /// What the automatic checks decide for a case as of `now`, read inside the caller's transaction.
    /// - Parameter state: when given, a case in another state is refused (`case_moved_on`) instead of screened.
    public func screeningOutcome(for caseID: UUID, at now: Date, requiring state: CaseState? = nil,
                                 on connection: PostgresConnection) async throws -> ScreeningOutcome {
        let record = try await load(caseID, on: connection)
        if let state, record.caseFile.state != state {
            throw StoreError.refused(Refusal(code: "case_moved_on",
                message: "case \(caseID) is \(record.caseFile.state.rawValue), not \(state.rawValue)"))
        }
        let data = try await reference.data(on: connection)
        let facts = try await CaseFactsLookup.facts(for: caseID, on: connection)
        return Screening.evaluate(record.caseFile, facts: facts, policies: data.policies,
                                  on: CivilDate.today(in: data.policies.timeZone, now: now))
    }

    /// The Hetao straight-through decision for a case as of `now`; nil when it is not an accepted Hetao case.
    public func automaticDecision(for caseID: UUID, at now: Date, on connection: PostgresConnection) async throws -> CaseEvent? {
        let record = try await load(caseID, on: connection)
        let data = try await reference.data(on: connection)
        let facts = try await CaseFactsLookup.facts(for: caseID, on: connection)
        return AutomaticDecision.decide(record.caseFile, facts: facts, policies: data.policies,
                                        on: CivilDate.today(in: data.policies.timeZone, now: now))
    }

    /// Checks now, inside the caller's transaction, that every change of a case so far wrote its history row,
    /// so the same case may change again in this transaction (the database's deferred check compares each
    /// change with the case's last history row at commit, which a second change would move on).
    public func checkHistoryWritten(on connection: PostgresConnection) async throws {
        try await connection.execute(simpleSQL: """
            SET CONSTRAINTS applications_history_written IMMEDIATE; SET CONSTRAINTS applications_history_written DEFERRED
            """)
    }

    /// The time zone the policy counts days in (Asia/Shanghai), from the reference data.
    public func policyTimeZone(on connection: PostgresConnection) async throws -> TimeZone {
        try await reference.data(on: connection).policies.timeZone
    }
}
