import Foundation

/// A row that does not match its chain, or a checkpoint that does not match its witness.
public struct AuditFinding: Sendable, Equatable, Codable {
    /// `case <id>`, `endorsement <number>`, or `checkpoint`.
    public let chain: String
    /// The row's number in its chain (0 for a checkpoint).
    public let seq: Int
    /// What is wrong.
    public let problem: String
}

/// What a checkpoint says, and whether the history still matches it.
public struct CheckpointCheck: Sendable, Equatable, Codable {
    /// The witness digest.
    public let digest: String
    /// When it was taken.
    public let takenAt: Date
    /// The login that took it.
    public let takenBy: String
    /// Chains and rows it covered.
    public let chains: Int, entries: Int
    /// Whether the rows written before it still hash to it.
    public let matches: Bool
}

/// The outcome of walking the history chains.
public struct AuditReport: Sendable, Equatable, Codable {
    /// Chains walked (cases and endorsements with history).
    public var chains = 0
    /// Rows walked.
    public var entries = 0
    /// Every row that does not match, first row of each broken stretch.
    public var findings: [AuditFinding] = []
    /// The checkpoint compared against, with `--against`.
    public var checkpoint: CheckpointCheck?

    /// Whether nothing was found.
    public var intact: Bool { findings.isEmpty }
}

/// A checkpoint taken by `HistoryAudit.head`: the digest an operator keeps elsewhere as a witness.
public struct AuditCheckpoint: Sendable, Equatable, Codable {
    /// SHA-256 (hex) over every chain's head, in chain order.
    public let digest: String
    /// Chains and rows covered.
    public let chains: Int, entries: Int
    /// When it was taken.
    public let takenAt: Date
}
