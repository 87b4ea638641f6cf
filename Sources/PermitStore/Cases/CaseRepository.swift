import Foundation
import Logging
import PermitCore
import Postgres

/// The one door through which every case changes: load the case, ask PermitCore, then write the new state,
/// exactly one history row and the follow-up jobs in one transaction.
///
/// Concurrency is optimistic: the update only applies to the version that was read, so of two writers racing
/// on one case exactly one wins and the other gets `StoreError.conflict`.
public struct CaseRepository: Sendable {
    /// The pool the repository opens its own transactions on.
    public let pool: PostgresPool
    /// The policy and calendar cache.
    public let reference: ReferenceCache
    let logger: Logger

    /// Creates a repository over `pool`.
    public init(pool: PostgresPool, reference: ReferenceCache = ReferenceCache(), logger: Logger) {
        self.pool = pool
        self.reference = reference
        self.logger = logger
    }

    /// Applies `event` in a transaction of its own, by the person whose login the pool connects as: the actor
    /// comes from the session (`SessionIdentity`), never from a name, and the database checks it again.
    /// - Parameter expectedVersion: when given, the change is refused as a conflict unless the case is still at it.
    @discardableResult
    public func apply(_ event: CaseEvent, to caseID: UUID, at now: Date, expectedVersion: Int? = nil) async throws -> CaseStep {
        try await StoreTransaction.run(on: pool) { connection in
            let actor = try await StaffDirectory.sessionActor(on: connection)
            return try await apply(event, to: caseID, by: actor, at: now, expectedVersion: expectedVersion, on: connection)
        }
    }

    /// Applies `event` by `actor` in a transaction of its own (an operator's tools). The database refuses the history
    /// row unless `actor` is the session's own, so only an operator's superuser pool may act for someone else.
    @discardableResult
    public func apply(_ event: CaseEvent, to caseID: UUID, by actor: Actor, at now: Date, expectedVersion: Int? = nil) async throws -> CaseStep {
        try await StoreTransaction.run(on: pool) { connection in
            try await apply(event, to: caseID, by: actor, at: now, expectedVersion: expectedVersion, on: connection)
        }
    }

    /// Applies `event` by `actor` inside the caller's transaction on `connection` (the worker, as `.system`). The
    /// database refuses the history row unless `actor` is the session's own (a superuser excepted).
    @discardableResult
    public func apply(_ event: CaseEvent, to caseID: UUID, by actor: Actor, at now: Date, expectedVersion: Int? = nil,
                      on connection: PostgresConnection) async throws -> CaseStep {
        let reading = try await read(caseID, on: connection)
        return try await apply(event, to: reading, by: actor, at: now, expectedVersion: expectedVersion, on: connection)
    }

    /// Applies `event` to a case already read in this transaction (`read`, or `advanced(by:)` after a change).
    @discardableResult
    public func apply(_ event: CaseEvent, to reading: CaseReading, by actor: Actor, at now: Date, expectedVersion: Int? = nil,
                      on connection: PostgresConnection) async throws -> CaseStep {
        if let expectedVersion, expectedVersion != reading.record.version {
            throw StoreError(.conflict, "case \(reading.caseFile.id) changed under you (now at version \(reading.record.version), "
                + "you had \(expectedVersion)); show it again and retry")
        }
        let change = try Self.decide(event, for: reading, by: actor, at: now)
        try await write([change], over: reading, at: now, on: connection)
        return change.step
    }

    /// What PermitCore makes of `event` for a case already read, written nowhere yet; `StoreError.refused` with its
    /// reason when the event does not apply.
    public static func decide(_ event: CaseEvent, for reading: CaseReading, by actor: Actor, at now: Date) throws -> CaseChange {
        switch CaseMachine.apply(event, to: reading.caseFile, by: actor, at: now, facts: reading.facts,
                                 policies: reading.reference.policies, calendar: reading.reference.calendar) {
        case .success(let step): return CaseChange(event: event, step: step)
        case .failure(let refusal): throw StoreError.refused(refusal)
        }
    }

    /// Writes changes worked out one after another from `reading` inside the caller's transaction, as one change of
    /// the case: one update to the last change's case (a case no longer at the version read is a conflict), one
    /// history insert with a row per change, then each change's documents and effects in order.
    public func write(_ changes: [CaseChange], over reading: CaseReading, at now: Date, on connection: PostgresConnection) async throws {
        guard let last = changes.last else { return }
        let record = reading.record
        let caseID = record.caseFile.id
        try await update(to: last.step, movingOn: changes.count, over: record, on: connection)
        try await CaseHistory.append(changes.map(\.step.record), caseID: caseID, firstSeq: record.version + 1, on: connection)
        for change in changes {
            let step = change.step
            if case .receiveDocuments(let kinds) = change.event {
                for kind in kinds {
                    try await connection.enqueue("""
                        INSERT INTO case_documents (case_id, kind, received_by, received_at) VALUES (\(caseID), \(kind.rawValue), \(step.record.actor.name), \(now))
                        ON CONFLICT (case_id, kind) DO NOTHING
                        """)
                }
            }
            for effect in step.effects {
                try await perform(effect, of: step, record: record, facts: reading.facts, data: reading.reference, at: now, on: connection)
            }
            // Sent in the caller's transaction, not yet committed (a rolled-back batch logs its cases again on the rerun).
            logger.debug("case change written", metadata: [
                "case": "\(caseID)", "event": "\(step.record.event.rawValue)",
                "from": "\(step.record.from.rawValue)", "to": "\(step.record.to.rawValue)", "actor": "\(step.record.actor.name)",
            ])
        }
    }

    /// Reads a case, its facts and the reference data inside the caller's transaction: the case and its facts in
    /// one flight (the reference data is cached).
    public func read(_ caseID: UUID, on connection: PostgresConnection) async throws -> CaseReading {
        let data = try await reference.data(on: connection)
        let rows = try await connection.pipeline(Self.readQueries(caseID))
        let record = try Self.record(from: rows[0], caseID: caseID)
        let facts = try CaseFactsLookup.facts(from: rows[1], caseID: caseID)
        return CaseReading(record: record, facts: facts, reference: data)
    }

    /// The statements `read` sends, in its one flight: a caller may have them sent ahead (`prefetchAfterCommit`).
    public static func readQueries(_ caseID: UUID) -> [PostgresQuery] {
        [loadQuery(caseID), CaseFactsLookup.query(for: caseID)]
    }

    /// Opens a draft case for an applicant, with its first history row, by the session's login.
    public func open(_ request: NewCase, at now: Date) async throws -> CaseRecord {
        try await StoreTransaction.run(on: pool) { connection in
            try await open(request, by: try await StaffDirectory.sessionActor(on: connection), at: now, on: connection)
        }
    }

    /// Opens a draft case by `actor` in a transaction of its own (as for `apply(_:to:by:at:expectedVersion:)`).
    public func open(_ request: NewCase, by actor: Actor, at now: Date) async throws -> CaseRecord {
        try await StoreTransaction.run(on: pool) { connection in try await open(request, by: actor, at: now, on: connection) }
    }

    /// Opens a draft case by `actor` inside the caller's transaction.
    public func open(_ request: NewCase, by actor: Actor, at now: Date, on connection: PostgresConnection) async throws -> CaseRecord {
        if let refusal = StaffPermissions.check(.openCase, by: actor) { throw StoreError.refused(refusal) }
        return try await CaseIntake.open(request, by: actor, at: now, on: connection)
    }

    /// Reads one case.
    public func load(_ caseID: UUID, on connection: PostgresConnection) async throws -> CaseRecord {
        try Self.record(from: try await connection.query(Self.loadQuery(caseID)), caseID: caseID)
    }

    /// The statement that reads a case.
    static func loadQuery(_ caseID: UUID) -> PostgresQuery {
        "SELECT snapshot::text AS snapshot, version, eep_number, created_at FROM applications WHERE id = \(caseID)"
    }

    /// The case in the result of `loadQuery`, or `notFound`.
    static func record(from rows: PostgresRows, caseID: UUID) throws -> CaseRecord {
        guard let row = rows.first else {
            throw StoreError(.notFound, "no case has the id \(caseID)", field: "case")
        }
        return CaseRecord(caseFile: try CaseSnapshot.decode(try row.decode("snapshot")), version: try row.decode("version"),
                          eepNumber: try row.decode("eep_number"), createdAt: try row.decode("created_at"))
    }

    /// Reads one case in a transaction of its own.
    public func load(_ caseID: UUID) async throws -> CaseRecord {
        try await pool.withConnection { connection in try await load(caseID, on: connection) }
    }

    /// Queues the update of the case to `step`'s case file, `count` versions past the one read.
    private func update(to step: CaseStep, movingOn count: Int, over record: CaseRecord, on connection: PostgresConnection) async throws {
        let file = step.caseFile
        let snapshot = try CaseSnapshot.encode(file)
        let event = step.record.event.rawValue
        // Queued: it goes with the next flight. A case no longer at the version read fails the statement
        // (require_one_row), so the job's COMMIT may go in the same flight: the failure stops it.
        try await connection.enqueue("""
            WITH changed AS (
                UPDATE applications SET
                    state = \(file.state.rawValue), version = version + \(count), policy_version = \(file.policyVersion),
                    assignee = \(file.assignee), prepared_by = \(file.preparedBy), preparers = \(file.preparers)::text[],
                    reviewed_by = \(file.reviewedBy),
                    approved_by = \(file.approvedBy), submitted_on = \(file.submittedOn?.postgres),
                    accepted_on = \(file.acceptedOn?.postgres), decided_on = \(file.decidedOn?.postgres),
                    decision_due = \(file.deadlines.decisionBy?.postgres),
                    supplementation_due = \(file.deadlines.supplementationBy?.postgres),
                    reason_code = \(file.reasonCode), snapshot = \(snapshot)::jsonb, updated_at = \(step.record.at)
                 WHERE id = \(file.id) AND version = \(record.version)
                RETURNING 1
            )
            SELECT require_one_row((SELECT count(*) FROM changed), 'case changed')
            """) { error in
            guard error.sqlState == SQLState.noDataFound else { return error }
            return StoreError(.conflict, "case \(file.id) changed under you while \(event) was being recorded; show it again and retry")
        }
    }

    private func perform(_ effect: Effect, of step: CaseStep, record: CaseRecord, facts: CaseFacts, data: ReferenceData,
                         at now: Date, on connection: PostgresConnection) async throws {
        switch effect {
        case .schedule(let kind, let dueAt):
            try await JobQueue.enqueue(kind: kind.rawValue, caseID: step.caseFile.id, dueAt: dueAt, on: connection)
        case .cancel(let kind):
            try await JobQueue.cancel(kind: kind.rawValue, caseID: step.caseFile.id, on: connection)
        case .issueEndorsements:
            try await EndorsementIssuer.issue(step.caseFile, eepNumber: record.eepNumber, facts: facts,
                                              policies: data.policies, at: now, by: step.record.actor, on: connection)
        }
    }
}
