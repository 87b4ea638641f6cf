import ArgumentParser
import Foundation
import PermitCore
import PermitStore

extension LoginRole: ExpressibleByArgument {}
extension LoginAuthentication: ExpressibleByArgument {}

/// `permit staff`: the people (and workers) who connect, each with a database login of their own.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Add, list, reset and deactivate staff logins (supervisor; the operator adds the first supervisor).",
        subcommands: [Add.self, List.self, Reset.self, Deactivate.self]
    )

    /// `permit staff add NAME --login LOGIN --role ROLE`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a person (or a worker) with a database login of their own; prints how they sign in.",
            discussion: """
                Each person acts as their own PostgreSQL login: the actor of every change is derived from that login by \
                the database, never from a typed name. A password login gets a one-time password (valid 3 days, shown \
                once); the person then chooses their own with `permit password` before they may act. A peer login signs \
                in as the operating-system user of the same name on the database's machine; a cert login with a client \
                certificate whose common name is the login (the server's pg_hba.conf must allow it).

                Only a supervisor adds staff; the operator (the embedded cluster's owner, or the database owner) adds \
                the first supervisor, by running this with no PGUSER on the embedded cluster.

                Roles: clerk, caseworker, supervisor (people who act), reader (reads; national IDs masked), worker (a \
                worker process; its changes are recorded as `system`).

                Examples:
                  permit staff add "Li Na" --login lina --role supervisor
                  PGUSER=lina permit staff add "Wang Wei" --login wangwei --role caseworker
                  PGUSER=lina permit staff add "Night worker" --login worker1 --role worker --password-stdin < worker1.secret
                """
        )

        @Argument(help: "The person's name, as history shows it.")
        var name: String
        @Option(help: "Their database login (a-z 0-9 . _ -, starting with a letter).")
        var login: String
        @Option(help: "clerk, caseworker, supervisor, reader or worker.")
        var role: LoginRole
        @Option(help: "password (default), peer or cert.")
        var auth: LoginAuthentication = .password
        @Flag(help: "Read the first password from standard input instead of generating a one-time password.")
        var passwordStdin = false
        @OptionGroup var logins: LoginOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .administrator, label: "staff", logins: logins) { context in
                let given = passwordStdin ? try await PasswordPrompt.read("") : nil
                let added = try await context.withPool { pool in
                    try await StaffDirectory.add(name: name, login: login, role: role, auth: auth, password: given, at: Date(), pool: pool)
                }
                if output.json { return try JSONOutput.print(added.hidingPassword(given != nil)) }
                print("added \(added.name) (login \(added.login)) as \(added.role.rawValue)")
                print(SignInInstructions.text(for: added, passwordWasGiven: given != nil))
            }
        }
    }

    /// `permit staff reset LOGIN`.
    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a password login a new one-time password (a forgotten or expired password).",
            discussion: "Example:\n  PGUSER=lina permit staff reset wangwei"
        )
        @Argument(help: "The login.")
        var login: String
        @OptionGroup var logins: LoginOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .administrator, label: "staff", logins: logins) { context in
                let reset = try await context.withPool { pool in
                    try await StaffDirectory.resetPassword(login: login, at: Date(), pool: pool)
                }
                if output.json { return try JSONOutput.print(reset) }
                print(SignInInstructions.text(for: reset, passwordWasGiven: false))
            }
        }
    }

    /// `permit staff deactivate LOGIN`.
    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take away a login's right to connect (their history stays theirs).",
            discussion: "Example:\n  PGUSER=lina permit staff deactivate wangwei"
        )
        @Argument(help: "The login.")
        var login: String
        @OptionGroup var logins: LoginOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandContext.run(database, .administrator, label: "staff", logins: logins) { context in
                try await context.withPool { pool in try await StaffDirectory.deactivate(login: login, pool: pool) }
                print("deactivated \(login): it can no longer connect")
            }
        }
    }

    /// `permit staff list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List staff: names, logins, roles, how they sign in.",
            discussion: "Example:\n  permit staff list --json"
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .administrator, label: "staff") { context in
                let staff = try await context.withPool { try await StaffDirectory.list(pool: $0) }
                if output.json { return try JSONOutput.print(staff) }
                var table = TextTable(["NAME", "LOGIN", "ROLE", "AUTH", "ACTIVE", "PASSWORD"])
                for member in staff {
                    let password = member.auth == "password" ? (member.passwordSet ? "own" : "one-time") : ""
                    table.add([member.name, member.login ?? "", member.role, member.auth ?? "", member.active ? "yes" : "no", password])
                }
                table.print()
            }
        }
    }
}

/// How a new login signs in, for the supervisor to pass on.
enum SignInInstructions {
    static func text(for login: StaffLogin, passwordWasGiven: Bool) -> String {
        switch login.auth {
        case .password where passwordWasGiven:
            return "\(login.login) signs in with the password given (PGUSER=\(login.login), PGPASSWORD or ~/.pgpass)."
        case .password:
            let until = login.validUntil.map { ActingTime.format($0) } ?? "-"
            return """
                one-time password for \(login.login): \(login.oneTimePassword ?? "")   (works until \(until); shown once)
                Pass it on in person. They sign in with PGUSER=\(login.login) and that password (PGPASSWORD, ~/.pgpass, or typed \
                when asked), and choose their own with `permit password` before they may act.
                """
        case .peer:
            return "\(login.login) signs in as the operating-system user \(login.login) on the database's machine (peer "
                + "authentication on the local socket; the embedded cluster allows it, another server needs "
                + "`local all +permit_peer peer` in pg_hba.conf)."
        case .cert:
            return "\(login.login) signs in with a client certificate whose common name is \(login.login) (the server needs "
                + "`hostssl all +permit_cert cert` in pg_hba.conf)."
        }
    }
}

extension StaffLogin {
    /// The login as printed: a password the supervisor typed in is not echoed back.
    func hidingPassword(_ hide: Bool) -> StaffLogin {
        hide ? StaffLogin(name: name, login: login, role: role, auth: auth, oneTimePassword: nil, validUntil: validUntil) : self
    }
}
