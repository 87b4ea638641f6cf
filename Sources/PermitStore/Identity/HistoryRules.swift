import Foundation
import PermitCore
import Postgres

/// The database's copy of who may write which history row, taken from the engine's own transition tables, so
/// the database refuses (row security on `case_transitions`) what PermitCore would refuse, even from psql.
public enum HistoryRules {
    /// One allowed kind of history row: `event` by `role` from `fromState` to `toState` in `workflow`.
    /// `*` as workflow means any workflow; `*` as `fromState`/`toState` means "any state, unchanged".
    public struct Rule: Sendable, Hashable {
        /// The workflow version (`standard@1`), or `*`.
        public let workflow: String
        /// The event as recorded.
        public let event: String
        /// The state before (nil only for the row that opens a case), or `*`.
        public let fromState: String?
        /// The state after, or `*`.
        public let toState: String
        /// clerk, caseworker, supervisor or system.
        public let role: String
    }

    /// Every rule: each workflow's transitions, the opening row, and the worker's and people's annotations.
    public static var rules: Set<Rule> {
        var rules = Set<Rule>()
        for workflow in WorkflowDefinition.all {
            for transition in workflow.transitions {
                for role in transition.roles {
                    rules.insert(Rule(workflow: workflow.version, event: transition.event.rawValue,
                                      fromState: transition.from.rawValue, toState: transition.to.rawValue, role: role.rawValue))
                }
            }
        }
        for role in [StaffRole.clerk, .caseworker, .supervisor] {
            rules.insert(Rule(workflow: "*", event: "open", fromState: nil, toState: CaseState.draft.rawValue, role: role.rawValue))
        }
        rules.insert(Rule(workflow: "*", event: "renewal_reminder", fromState: "*", toState: "*", role: StaffRole.system.rawValue))
        for role in [StaffRole.system, .caseworker, .supervisor] {
            rules.insert(Rule(workflow: "*", event: "revocation_review_opened", fromState: "*", toState: "*", role: role.rawValue))
        }
        return rules
    }

    /// Replaces the database's rules with this build's, in the caller's transaction (as the owner or a superuser).
    public static func sync(on connection: PostgresConnection) async throws {
        let sorted = rules.sorted { ($0.workflow, $0.event, $0.fromState ?? "", $0.toState, $0.role)
                                    < ($1.workflow, $1.event, $1.fromState ?? "", $1.toState, $1.role) }
        try await connection.query("DELETE FROM history_rules")
        try await connection.query("""
            INSERT INTO history_rules (workflow, event, from_state, to_state, role)
            SELECT w, e, nullif(f, ''), t, r
              FROM unnest(\(sorted.map(\.workflow))::text[], \(sorted.map(\.event))::text[], \(sorted.map { $0.fromState ?? "" })::text[],
                          \(sorted.map(\.toState))::text[], \(sorted.map(\.role))::text[]) AS u(w, e, f, t, r)
            """)
    }

    /// `sync` in a transaction of its own.
    public static func sync(pool: PostgresPool) async throws {
        try await StoreTransaction.run(on: pool) { connection in try await sync(on: connection) }
    }
}
