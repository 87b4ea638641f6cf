import ArgumentParser
import Foundation
import PermitStore

/// `permit password`: a person chooses their own password (replacing the one-time password a supervisor gave).
struct PasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password",
        abstract: "Choose your own password (required before you act when you signed in with a one-time password).",
        discussion: """
            Asks twice on a terminal (nothing is echoed); with --stdin, reads one line from standard input. At least \
            10 characters. The password is turned into a SCRAM-SHA-256 verifier here, so it never reaches the server, \
            its logs or this machine's disk. Update PGPASSWORD or ~/.pgpass afterwards.

            Examples:
              PGUSER=wangwei permit password
              PGUSER=wangwei PGPASSWORD=one-time-password permit password --stdin < new-password.txt
            """
    )
    @Flag(help: "Read the new password from standard input (one line) instead of asking.")
    var stdin = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandContext.run(database, .person, label: "password", withOneTimePassword: true) { context in
            guard let identity = context.identity, !identity.superuser else {
                throw CommandFailure(.badInput, "PGUSER: say whose password to set: PGUSER=<your login>")
            }
            let password: String
            if stdin || !LoginEnvironment.canPrompt {
                password = try await PasswordPrompt.read("")
            } else {
                password = try await PasswordPrompt.read("New password for \(identity.login): ")
                guard try await PasswordPrompt.read("Again: ") == password else {
                    throw CommandFailure(.badInput, "password: the two entries differ; nothing was changed")
                }
            }
            try await context.withPool { pool in try await StaffDirectory.setOwnPassword(password, pool: pool) }
            print("password changed for \(identity.login); update PGPASSWORD or ~/.pgpass if you keep it there")
        }
    }
}

/// `permit whoami`: who the database says you are.
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show who you are to the database: your login, staff name and role (what history will record).",
        discussion: "Examples:\n  PGUSER=wangwei permit whoami\n  permit whoami --json"
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.run(database, .person, label: "whoami", withOneTimePassword: true) { context in
            guard let identity = context.identity else { return }
            if output.json { return try JSONOutput.print(identity) }
            print("login         \(identity.login)\(identity.superuser ? " (superuser: acts for nobody)" : "")")
            print("name          \(identity.name ?? "- (not in staff)")")
            print("role          \(identity.role ?? "-")")
            print("may act       \((try? identity.actor()) != nil ? "yes" : "no")"
                  + (identity.mustSetPassword ? " (choose your own password first: permit password)" : ""))
            print("database      \(context.configuration)")
        }
    }
}
