import Foundation

/// What an event did: the new case, one history record, and the follow-up work.
public struct CaseStep: Sendable {
    /// The case after the event.
    public var caseFile: CaseFile
    /// The one history row the store writes in the same transaction.
    public var record: TransitionRecord
    /// Jobs to schedule or cancel, and whether to issue endorsements.
    public var effects: [Effect]

    /// Makes a step.
    public init(caseFile: CaseFile, record: TransitionRecord, effects: [Effect]) {
        self.caseFile = caseFile
        self.record = record
        self.effects = effects
    }
}

/// One history row: who moved the case from where to where, when and why.
public struct TransitionRecord: Codable, Sendable, Equatable {
    /// The state before.
    public var from: CaseState
    /// The state after (equal to `from` for claim, release, extension, verification).
    public var to: CaseState
    /// The event's stable name.
    public var event: CaseEventKind
    /// Who fired it.
    public var actor: Actor
    /// The reason code of a rejection or lapse.
    public var reasonCode: String?
    /// The free-text note the event carried.
    public var note: String?
    /// Extra details (documents named, pinned versions, new deadline), as text.
    public var metadata: [String: String]
    /// When it happened.
    public var at: Date

    /// Makes a record.
    public init(
        from: CaseState, to: CaseState, event: CaseEventKind, actor: Actor, reasonCode: String? = nil,
        note: String? = nil, metadata: [String: String] = [:], at: Date
    ) {
        self.from = from
        self.to = to
        self.event = event
        self.actor = actor
        self.reasonCode = reasonCode
        self.note = note
        self.metadata = metadata
        self.at = at
    }
}
