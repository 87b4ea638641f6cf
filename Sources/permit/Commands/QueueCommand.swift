import ArgumentParser
import Foundation
import PermitStore

/// `permit queue stats`: the job queue by kind.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Show the job queue (operators).",
        subcommands: [QueueStats.self]
    )

    /// `permit queue stats`.
    struct QueueStats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Jobs by kind: due now, scheduled later, running, dead, done, and the oldest due.",
            discussion: "Example: permit queue stats --json"
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .administrator, label: "queue") { context in
                let stats = try await context.withPool { pool in
                    try await pool.withConnection { try await JobQueue.statistics(now: Date(), on: $0) }
                }
                if output.json {
                    try JSONOutput.print(stats)
                    return
                }
                let formatter = ISO8601DateFormatter()
                var table = TextTable(["KIND", "DUE", "SCHEDULED", "RUNNING", "DEAD", "DONE", "OLDEST DUE"])
                for stat in stats {
                    table.add([stat.kind, "\(stat.due)", "\(stat.scheduled)", "\(stat.running)", "\(stat.dead)", "\(stat.done)",
                               stat.oldestDueAt.map(formatter.string(from:)) ?? ""])
                }
                table.print()
            }
        }
    }
}
