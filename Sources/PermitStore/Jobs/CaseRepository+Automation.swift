import Foundation
import PermitCore
import Postgres

extension CaseRepository {
    /// What the automatic checks decide for a case as of `now`, read inside the caller's transaction.
    public func screeningOutcome(for caseID: UUID, at now: Date, on connection: PostgresConnection) async throws -> ScreeningOutcome {
        let record = try await load(caseID, on: connection)
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

    /// The time zone the policy counts days in (Asia/Shanghai), from the reference data.
    public func policyTimeZone(on connection: PostgresConnection) async throws -> TimeZone {
        try await reference.data(on: connection).policies.timeZone
    }
}
