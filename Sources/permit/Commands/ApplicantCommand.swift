import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit applicant`: applicants and their EEPs.
struct ApplicantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "applicant",
        abstract: "Register applicants, record new EEPs and show an applicant.",
        subcommands: [Add.self, Show.self, EEP.self]
    )

    /// `permit applicant add`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an applicant with their current EEP; prints the applicant id.",
            discussion: """
                The national ID's check character and its birth date are verified; the birth date must match it.

                Example:
                  permit applicant add --national-id 44030519850312001X --name "Chen Jie" --birth-date 1985-03-12 \\
                    --work-city shenzhen --employer 91440300MA5EXAMPLA --eep-number CA1234567 --eep-expires 2034-06-30
                """
        )
        @Option(help: "The 18-character resident identity card number.")
        var nationalId: String
        @Option(help: "The applicant's name.")
        var name: String
        @Option(help: "The birth date (YYYY-MM-DD).")
        var birthDate: CivilDate
        @Option(help: "The city key of the place of work.")
        var workCity: String
        @Option(help: "The employer's credit code.")
        var employer: String
        @Option(help: "The EEP number (6 to 12 letters and digits).")
        var eepNumber: String
        @Option(help: "The EEP's expiry date (YYYY-MM-DD).")
        var eepExpires: CivilDate
        @OptionGroup var login: LoginOptions
        @OptionGroup var clock: ClockOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandContext.run(database, .person, label: "applicant", logins: login) { context in
                let request = NewApplicant(nationalID: nationalId, name: name, birthDate: birthDate, workCity: workCity,
                                           employerCode: employer, eepNumber: eepNumber, eepExpiresOn: eepExpires)
                let id = try await context.withPool { pool in
                    try await StaffAuthorization.require(.addApplicant, pool: pool)
                    let time = try await clock.acting(on: pool)
                    return try await ApplicantRegistry.add(request, at: time.instant, pool: pool)
                }
                if output.json { return try JSONOutput.print(["id": id.uuidString.lowercased()]) }
                print(id.uuidString.lowercased())
            }
        }
    }

    /// `permit applicant show ID`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an applicant: EEPs, lists, Hetao registrations and endorsements.",
            discussion: "Example:\n  permit applicant show 6f1c2e0a-52c4-4d57-9a43-2a3b3c4d5e6f --json"
        )
        @Argument(help: "The applicant id.")
        var id: Identifier
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            struct Shown: Encodable {
                let applicant: ApplicantRecord
                let endorsements: [EndorsementSummary]
            }
            try await CommandContext.run(database, .person, label: "applicant") { context in
                let (record, endorsements) = try await context.withPool { pool in
                    (try await ApplicantRegistry.show(id.value, pool: pool), try await EndorsementQueries.list(applicant: id.value, pool: pool))
                }
                if output.json { return try JSONOutput.print(Shown(applicant: record, endorsements: endorsements)) }
                print("applicant     \(record.id.uuidString.lowercased())")
                print("name          \(record.name)")
                print("national id   \(record.nationalId)")
                print("birth date    \(record.birthDate)")
                print("work city     \(record.workCity)")
                print("employer      \(record.employerCode)")
                print("lists         \(record.lists.isEmpty ? "none" : record.lists.joined(separator: ", "))")
                print("hetao         \(record.hetaoRegistrations.isEmpty ? "none" : record.hetaoRegistrations.joined(separator: "; "))")
                print("")
                var documents = TextTable(["EEP", "EXPIRES", "CANCELLED"])
                record.travelDocuments.forEach { documents.add([$0.number, $0.expiresOn, $0.cancelledOn ?? ""]) }
                documents.print()
                if !endorsements.isEmpty {
                    print("")
                    EndorsementTable.print(endorsements)
                }
            }
        }
    }

    /// `permit applicant eep ID --number N --expires D`.
    struct EEP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eep",
            abstract: "Record a new EEP for an applicant (it becomes the current one).",
            discussion: """
                An issue held for this new EEP (an approved case that asked for one with --new-eep) becomes due at once.

                Example:
                  permit applicant eep 6f1c2e0a-52c4-4d57-9a43-2a3b3c4d5e6f --number CB7654321 --expires 2036-01-31
                """
        )
        @Argument(help: "The applicant id.")
        var id: Identifier
        @Option(help: "The new EEP number.")
        var number: String
        @Option(help: "Its expiry date (YYYY-MM-DD).")
        var expires: CivilDate
        @OptionGroup var login: LoginOptions
        @OptionGroup var clock: ClockOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            struct Recorded: Encodable { let applicantId: String; let number: String; let expiresOn: CivilDate; let issuesWoken: Int }
            try await CommandContext.run(database, .person, label: "applicant", logins: login) { context in
                let woken = try await context.withPool { pool in
                    try await StaffAuthorization.require(.addApplicant, pool: pool)
                    let time = try await clock.acting(on: pool)
                    return try await ApplicantRegistry.recordEEP(applicant: id.value, number: number, expiresOn: expires,
                                                                 at: time.instant, pool: pool)
                }
                if output.json {
                    return try JSONOutput.print(Recorded(applicantId: id.description, number: number.uppercased(), expiresOn: expires,
                                                         issuesWoken: woken))
                }
                print("recorded EEP \(number.uppercased()) for \(id), valid until \(expires)"
                      + (woken > 0 ? "; \(woken) issue(s) waiting for it are due now" : ""))
            }
        }
    }
}
