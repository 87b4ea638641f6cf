import Crypto
import Foundation

/// Walks history rows in chain order, recomputing each hash, and notes where a chain breaks; also folds the head of
/// every chain (as of a checkpoint) into the checkpoint digest.
///
/// Two hashes run along each chain: one from each row's STORED predecessor, so that a changed row is named alone
/// (the rows after it still match their stored predecessors); and one recomputed from the first row's content
/// alone, which is what a checkpoint's witness digest commits to, so that a history rewritten with fresh hashes
/// still fails against a digest taken before.
struct ChainWalk {
    private(set) var report = AuditReport()
    private var digest = SHA256()
    private var chain: String?
    private var expectedSeq = 1
    private var previousStored = HistoryEntryBytes.chainStart
    private var previousRecomputed = HistoryEntryBytes.chainStart
    private var checkpointHead: (seq: Int, hash: [UInt8])?
    /// Chains and rows inside the checkpoint's snapshot.
    private(set) var checkpointChains = 0, checkpointEntries = 0

    /// Visits the next row (rows come ordered by chain, then seq).
    mutating func visit(chain name: String, seq: Int, fields: [String?], storedHash: [UInt8]?, inCheckpoint: Bool) {
        if name != chain {
            closeChain()
            chain = name
            report.chains += 1
            expectedSeq = 1
            previousStored = HistoryEntryBytes.chainStart
            previousRecomputed = HistoryEntryBytes.chainStart
        }
        report.entries += 1
        if seq != expectedSeq {
            report.findings.append(AuditFinding(chain: name, seq: expectedSeq,
                problem: seq > expectedSeq ? "rows \(expectedSeq)…\(seq - 1) are missing (deleted?)" : "row \(seq) appears out of order"))
        }
        let expected = HistoryEntryBytes.chainedHash(previous: previousStored, fields: fields)
        if storedHash != expected {
            report.findings.append(AuditFinding(chain: name, seq: seq, problem: storedHash == nil
                ? "row \(seq) has no hash"
                : "row \(seq) does not match its hash: it was changed after it was written (stored \(storedHash!.hex.prefix(16))…, its content and the row before it give \(expected.hex.prefix(16))…)"))
        }
        previousStored = storedHash ?? expected
        previousRecomputed = HistoryEntryBytes.chainedHash(previous: previousRecomputed, fields: fields)
        if inCheckpoint {
            checkpointHead = (seq, previousRecomputed)
            checkpointEntries += 1
        }
        expectedSeq = seq + 1
    }

    /// Ends the walk; returns the digest over the chains' heads as of the checkpoint.
    mutating func finish() -> String {
        closeChain()
        chain = nil
        return Array(digest.finalize()).hex
    }

    private mutating func closeChain() {
        guard let chain, let head = checkpointHead else { return }
        digest.update(data: Array("\(chain) \(head.seq) \(head.hash.hex)\n".utf8))
        checkpointChains += 1
        checkpointHead = nil
    }
}
