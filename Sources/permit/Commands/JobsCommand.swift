import ArgumentParser
import Foundation
import PermitStore

/// `permit jobs`: the dead-letter jobs and re-queueing them.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List dead jobs and queue them again (operators).",
        subcommands: [DeadJobs.self, RetryJob.self]
    )

    /// `permit jobs dead`.
    struct DeadJobs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dead",
            abstract: "List jobs that failed their last attempt, newest first, with their error.",
            discussion: "Example: permit jobs dead --limit 20 --json"
        )

        @Option(help: "At most this many jobs (1 to 10000).")
        var limit = 100

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit: must be 1 to 10000, got \(limit)") }
        }

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .administrator, label: "jobs") { context in
                let jobs = try await context.withPool { pool in
                    try await pool.withConnection { try await JobQueue.dead(limit: limit, on: $0) }
                }
                if output.json {
                    try JSONOutput.print(jobs)
                    return
                }
                if jobs.isEmpty {
                    print("No dead jobs.")
                    return
                }
                var table = TextTable(["ID", "KIND", "CASE", "ATTEMPTS", "LAST ERROR"])
                for job in jobs {
                    table.add(["\(job.id)", job.kind, job.caseID?.uuidString.lowercased() ?? "", "\(job.attempts)/\(job.maxAttempts)",
                               String((job.lastError ?? "").prefix(100))])
                }
                table.print()
            }
        }
    }

    /// `permit jobs retry ID`.
    struct RetryJob: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Queue a dead job again, due now, with a fresh set of attempts.",
            discussion: "Example: permit jobs retry 42"
        )

        @Argument(help: "The dead job's id (see `permit jobs dead`).")
        var id: Int64

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .administrator, label: "jobs") { context in
                let queued = try await context.withPool { pool in
                    try await pool.withConnection { try await JobQueue.retry(id: id, now: Date(), on: $0) }
                }
                guard queued else {
                    throw CommandFailure(.badInput, "no dead job has the id \(id): see `permit jobs dead`")
                }
                if output.json {
                    try JSONOutput.print(["retried": id])
                } else {
                    print("job \(id) queued again")
                }
            }
        }
    }
}
