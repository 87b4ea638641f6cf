import Foundation
import PermitCore
import Postgres

/// A row of a case's history, as people and scripts read it.
public struct HistoryEntry: Sendable, Equatable, Codable {
    /// The row's number within the case, from 1.
    public let seq: Int
    /// The state before (nil for the row that opened the case).
    public let fromState: String?
    /// The state after.
    public let toState: String
    /// What happened.
    public let event: String
    /// Who did it (a staff name, or `system`).
    public let actor: String
    /// The database login that wrote the row (recorded by the database itself; nil for rows from before logins).
    public let login: String?
    /// When.
    public let at: Date
    /// The reason code of a rejection, lapse or escalation.
    public let reasonCode: String?
    /// The note given, if any.
    public let note: String?
    /// Extra facts recorded with the change.
    public let metadata: [String: String]
}

/// The append-only history of cases.
public enum CaseHistory {
    /// Appends history rows numbered from `firstSeq` in one statement; the database refuses a duplicate sequence
    /// number (a lost race). The first row of a case (seq 1) has no state before it.
    static func append(_ records: [TransitionRecord], caseID: UUID, firstSeq: Int, on connection: PostgresConnection) async throws {
        try await append(records.enumerated().map { offset, record in
            Row(caseID: caseID, seq: firstSeq + offset, from: record.from.rawValue, to: record.to.rawValue, event: record.event.rawValue,
                actor: record.actor.name, reasonCode: record.reasonCode, note: record.note, metadata: record.metadata, at: record.at)
        }, on: connection)
    }

    /// One history row as written, from its parts; `from` is nil only for the row that opens the case.
    public struct Row: Sendable {
        /// The case.
        public var caseID: UUID
        /// The row's number within the case.
        public var seq: Int
        /// The state before.
        public var from: String?
        /// The state after.
        public var to: String
        /// The event's name.
        public var event: String
        /// Who did it.
        public var actor: String
        /// The reason code, if any.
        public var reasonCode: String?
        /// The note, if any.
        public var note: String?
        /// Extra facts recorded with the change.
        public var metadata: [String: String]
        /// When.
        public var at: Date

        /// A row from its parts.
        public init(caseID: UUID, seq: Int, from: String?, to: String, event: String, actor: String, reasonCode: String? = nil,
                    note: String? = nil, metadata: [String: String], at: Date) {
            self.caseID = caseID
            self.seq = seq
            self.from = from
            self.to = to
            self.event = event
            self.actor = actor
            self.reasonCode = reasonCode
            self.note = note
            self.metadata = metadata
            self.at = at
        }

        /// The row's ten parameters, in the insert's column order.
        var parameters: [String?] {
            [caseID.postgresText, seq.postgresText, from, to, event, actor, reasonCode, note, JSONText.object(metadata), at.postgresText]
        }
    }

    /// Appends `rows` (of one case, in order) in one statement.
    static func append(_ rows: [Row], on connection: PostgresConnection) async throws {
        guard let first = rows.first else { return }
        // Queued with the case's other writes; the errors are translated when the flight's results come back.
        try await connection.enqueue(insert(rows)) { error in
            if error.isUniqueViolation {
                return StoreError(.conflict, "case \(first.caseID) changed under you (history row \(first.seq) already written); "
                    + "show it again and retry")
            }
            if error.constraint == "four_eyes" {
                return StoreError.refused(Refusal(code: "four_eyes", message: error.message))
            }
            if error.constraint == DatabasePurpose.databaseConstraint {
                return StoreError.refused(DatabasePurpose.databaseRefusal(error))
            }
            return error
        }
    }

    /// The insert of `rows`: a `VALUES` list of one parenthesised group of parameters per row (the benchmark's
    /// direct contender sends the same statement).
    public static func insert(_ rows: [Row]) -> PostgresQuery {
        var sql = "INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, reason_code, note, metadata, at)\nVALUES "
        var binds: [String?] = []
        binds.reserveCapacity(rows.count * 10)
        for row in rows {
            let n = binds.count
            if n > 0 { sql += ", " }
            sql += "($\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4), $\(n + 5), $\(n + 6), $\(n + 7), $\(n + 8), $\(n + 9)::jsonb, $\(n + 10))"
            binds += row.parameters
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// The whole history of a case, oldest first.
    public static func entries(of caseID: UUID, on connection: PostgresConnection) async throws -> [HistoryEntry] {
        try entries(from: try await connection.query(entriesQuery(caseID)))
    }

    /// The statement reading a case's history.
    static func entriesQuery(_ caseID: UUID) -> PostgresQuery {
        """
        SELECT seq, from_state, to_state, event, actor, login, at, reason_code, note, metadata::text AS metadata
          FROM case_transitions WHERE case_id = \(caseID) ORDER BY seq
        """
    }

    /// The history in the result of `entriesQuery`.
    static func entries(from rows: PostgresRows) throws -> [HistoryEntry] {
        try rows.map { row in
            let metadata = try PostgresJSON(text: try row.decode("metadata")).decode([String: String].self)
            return HistoryEntry(seq: try row.decode("seq"), fromState: try row.decode("from_state", as: String?.self),
                                toState: try row.decode("to_state"), event: try row.decode("event"), actor: try row.decode("actor"),
                                login: try row.decode("login", as: String?.self),
                                at: try row.decode("at"), reasonCode: try row.decode("reason_code", as: String?.self),
                                note: try row.decode("note", as: String?.self), metadata: metadata)
        }
    }
}
