import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit registry`: the Hetao park registrations and the official lists screening looks up.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Change Hetao park registrations and the official lists (caseworker or supervisor).",
        subcommands: [Hetao.self, Lists.self]
    )

    /// Add or remove.
    enum Change: String, ExpressibleByArgument, CaseIterable {
        case add, remove
    }
    /// Add or cancel.
    enum Registration: String, ExpressibleByArgument, CaseIterable {
        case add, cancel
    }

    /// `permit registry hetao add|cancel`.
    struct Hetao: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an applicant with a Hetao park employer, or cancel the registration.",
            discussion: """
                Cancelling while a Hetao endorsement is active opens its revocation review at once, in the same transaction
                (the daily sweep only catches registrations cancelled some other way).

                Examples:
                  permit registry hetao add --applicant 6f1c2e0a-52c4-4d57-9a43-2a3b3c4d5e6f --employer 91440300MA5EXAMPLA
                  permit registry hetao cancel --applicant 6f1c2e0a-52c4-4d57-9a43-2a3b3c4d5e6f --employer 91440300MA5EXAMPLA
                """
        )
        @Argument(help: "add or cancel.")
        var change: Registration
        @Option(help: "The applicant id.")
        var applicant: Identifier
        @Option(help: "The park employer's credit code.")
        var employer: String
        @OptionGroup var login: LoginOptions
        @OptionGroup var clock: ClockOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandContext.run(database, .person, label: "registry", logins: login) { context in
                let (today, reviews) = try await context.withPool { pool in
                    try await StaffAuthorization.require(.changeRegistry, pool: pool)
                    let time = try await clock.acting(on: pool)
                    switch change {
                    case .add:
                        try await ParkRegistry.register(applicant: applicant.value, employer: employer, on: time.day(), pool: pool)
                        return (time.day(), 0)
                    case .cancel:
                        return (time.day(), try await ParkRegistry.cancel(applicant: applicant.value, employer: employer, on: time.day(),
                                                                         at: time.instant, pool: pool))
                    }
                }
                print(change == .add ? "registered \(applicant) with \(employer) from \(today)"
                                     : "cancelled the registration of \(applicant) with \(employer) from \(today)"
                                       + (reviews > 0 ? "; \(reviews) revocation review(s) opened for a supervisor" : ""))
            }
        }
    }

    /// `permit registry list add|remove`.
    struct Lists: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Put an applicant on an official list (outstanding, arbitrators, mediators) or take them off.",
            discussion: "Example:\n  permit registry list add --list arbitrators --applicant 6f1c2e0a-52c4-4d57-9a43-2a3b3c4d5e6f"
        )
        @Argument(help: "add or remove.")
        var change: Change
        @Option(help: "outstanding, arbitrators or mediators.")
        var list: ParkRegistry.List
        @Option(help: "The applicant id.")
        var applicant: Identifier
        @OptionGroup var login: LoginOptions
        @OptionGroup var clock: ClockOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandContext.run(database, .person, label: "registry", logins: login) { context in
                try await context.withPool { pool in
                    try await StaffAuthorization.require(.changeRegistry, pool: pool)
                    let today = try await clock.acting(on: pool).day()
                    switch change {
                    case .add: try await ParkRegistry.addToList(list, applicant: applicant.value, on: today, pool: pool)
                    case .remove: try await ParkRegistry.removeFromList(list, applicant: applicant.value, pool: pool)
                    }
                }
                print(change == .add ? "added \(applicant) to the \(list.rawValue) list" : "removed \(applicant) from the \(list.rawValue) list")
            }
        }
    }
}
