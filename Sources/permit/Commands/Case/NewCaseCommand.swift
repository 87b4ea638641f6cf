import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit case new`: opens a draft case for an applicant.
struct NewCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Open a draft case for an applicant; prints the case id (clerk, caseworker, supervisor).",
        discussion: """
            Categories: outstanding, research, education, health, legal, other, hetao_park.
            The office defaults to the applicant's place of work.

            Example:
              permit case new --applicant 6f1c2e0a-52c4-4d57-9a43-2a3b3c4d5e6f --category research --destinations HK,MO
            """
    )
    @Option(help: "The applicant id.")
    var applicant: Identifier
    @Option(help: "The talent category.")
    var category: TalentCategory
    @Option(help: "HK, MO or HK,MO.")
    var destinations: DestinationList
    @Flag(help: "The applicant applies for a new EEP at the same time (issue waits for it).")
    var newEep = false
    @Option(help: "The office's city key (default: the applicant's place of work).")
    var office: String?
    @Option(help: "The endorsement number this application renews.")
    var renews: String?
    @OptionGroup var login: LoginOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.run(database, .person, label: "case", logins: login) { context in
            let request = NewCase(applicantID: applicant.value, category: category, destinations: destinations.values,
                                  office: office, newEEPRequested: newEep, renewsEndorsement: renews)
            let record = try await context.withPool { pool in
                let time = try await clock.acting(on: pool)
                return try await CaseRepository(pool: pool, logger: context.logger).open(request, at: time.instant)
            }
            let id = record.caseFile.id.uuidString.lowercased()
            if output.json { return try JSONOutput.print(["id": id, "state": record.caseFile.state.rawValue]) }
            print(id)
        }
    }
}
