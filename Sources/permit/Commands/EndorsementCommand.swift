import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit endorsement`: issued endorsements, revocation and revocation reviews.
struct EndorsementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endorsement",
        abstract: "List endorsements; revoke one or keep it after a revocation review (supervisor).",
        subcommands: [List.self, Revoke.self, Keep.self]
    )

    /// `permit endorsement list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List endorsements, newest first (an open revocation review shows in REVIEW).",
            discussion: "Example:\n  permit endorsement list --applicant 6f1c2e0a-52c4-4d57-9a43-2a3b3c4d5e6f --json"
        )
        @Option(help: "Only this applicant's.")
        var applicant: Identifier?
        @Option(help: "At most this many (1 to 10000).")
        var limit = 200
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit: must be 1 to 10000, got \(limit)") }
        }

        func run() async throws {
            try await CommandContext.run(database, .person, label: "endorsement") { context in
                let items = try await context.withPool {
                    try await EndorsementQueries.list(applicant: applicant?.value, limit: limit, pool: $0)
                }
                if output.json { return try JSONOutput.print(items) }
                EndorsementTable.print(items)
            }
        }
    }

    /// `permit endorsement revoke NUMBER --reason CODE`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an active endorsement with a reason code (supervisor); closes an open review as revoked.",
            discussion: "Example:\n  permit endorsement revoke HK20260000001 --reason registration_cancelled"
        )
        @Argument(help: "The endorsement number.")
        var number: String
        @Option(help: "The reason code (snake_case).")
        var reason: String
        @Option(help: "A note for the endorsement's history.")
        var note: String?
        @OptionGroup var login: LoginOptions
        @OptionGroup var clock: ClockOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandContext.run(database, .person, label: "endorsement", logins: login) { context in
                let reason = try TypedText.reason(reason)
                let note = try TypedText.note(note)
                try await context.withPool { pool in
                    let time = try await clock.acting(on: pool)
                    try await EndorsementRevocation.revoke(number, reason: reason, note: note, at: time.instant, pool: pool)
                }
                print("revoked \(number) (\(reason))")
            }
        }
    }

    /// `permit endorsement keep NUMBER`.
    struct Keep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close an open revocation review by keeping the endorsement (supervisor).",
            discussion: "Example:\n  permit endorsement keep HK20260000001"
        )
        @Argument(help: "The endorsement number.")
        var number: String
        @OptionGroup var login: LoginOptions
        @OptionGroup var clock: ClockOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandContext.run(database, .person, label: "endorsement", logins: login) { context in
                try await context.withPool { pool in
                    let time = try await clock.acting(on: pool)
                    try await EndorsementRevocation.keep(number, at: time.instant, pool: pool)
                }
                print("kept \(number); its revocation review is closed")
            }
        }
    }
}
