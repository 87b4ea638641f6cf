import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit audit`: check the tamper-evident history from outside the database.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the hash-chained history, and take checkpoints to keep elsewhere as witnesses.",
        discussion: """
            Every history row (cases and endorsements) carries SHA-256(previous row's hash ‖ the row's canonical bytes), \
            written by the database in the row's own transaction. `verify` recomputes every chain here and names each row \
            that no longer matches. `head` does the same and, when all match, records a checkpoint and prints its digest: \
            store that digest elsewhere (a ticket, a mail to the auditor, a second system). Later, `verify --against DIGEST` \
            proves that no row written before the checkpoint changed, even if someone rewrote rows and their hashes.
            Exit 0 when intact, 1 when anything does not match.
            """,
        subcommands: [Verify.self, Head.self]
    )

    /// `permit audit verify`.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every history chain (or one case's) and name each row that does not match.",
            discussion: """
                Examples:
                  permit audit verify
                  permit audit verify --case 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b
                  permit audit verify --against 3f1c…(64 hex characters from `permit audit head`) --json
                """
        )
        @Option(help: "Only this case's chain (and its endorsements').")
        var `case`: Identifier?
        @Option(help: "A digest from `permit audit head`: prove nothing written before it changed.")
        var against: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .administrator, label: "audit") { context in
                let report = try await context.withPool(maxConnections: 1) { pool in
                    try await HistoryAudit.verify(caseID: `case`?.value, against: against, pool: pool)
                }
                try AuditOutput.show(report, json: output.json)
                if let checkpoint = report.checkpoint, checkpoint.matches, !output.json {
                    print("checkpoint of \(ActingTime.format(checkpoint.takenAt)) by \(checkpoint.takenBy): nothing written before it changed")
                }
                guard report.intact else { throw ExitStatus.refused.exitCode }
            }
        }
    }

    /// `permit audit head`.
    struct Head: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify every chain and record a checkpoint; prints the digest to keep elsewhere.",
            discussion: "Examples:\n  permit audit head\n  permit audit head --json"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .administrator, label: "audit") { context in
                let (checkpoint, report) = try await context.withPool(maxConnections: 1) { try await HistoryAudit.head(pool: $0) }
                guard let checkpoint else {
                    try AuditOutput.show(report, json: output.json)
                    StandardError.write("permit: no checkpoint taken: the history does not verify")
                    throw ExitStatus.refused.exitCode
                }
                if output.json { return try JSONOutput.print(checkpoint) }
                print(checkpoint.digest)
                print("checkpoint of \(checkpoint.chains) chains, \(checkpoint.entries) rows at \(ActingTime.format(checkpoint.takenAt)); "
                      + "keep the digest elsewhere and check later with `permit audit verify --against DIGEST`")
            }
        }
    }
}

/// Prints an audit report for people or scripts.
enum AuditOutput {
    static func show(_ report: AuditReport, json: Bool) throws {
        if json { return try JSONOutput.print(report) }
        if report.intact {
            print("intact: \(report.chains) chains, \(report.entries) rows, every hash matches")
            return
        }
        print("NOT INTACT: \(report.findings.count) finding(s) in \(report.chains) chains, \(report.entries) rows")
        var table = TextTable(["CHAIN", "ROW", "PROBLEM"])
        report.findings.forEach { table.add([$0.chain, $0.seq == 0 ? "" : String($0.seq), $0.problem]) }
        table.print()
    }
}
