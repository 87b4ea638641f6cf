import ArgumentParser
import Foundation
import PermitStore

/// `permit seed`: loads the policy book, cities and working-day calendars from `seeds/`.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load policy versions, places (provinces, cities, regions) and working-day calendars from seeds/ (safe to re-run).",
        discussion: """
            A policy version already loaded is never changed: publish a change as a new version with a later
            effective date. Places are added or renamed, never removed (cities and areas an operator added stay).
            Calendar years are refreshed from their files.

            Examples:
              permit seed
              PERMIT_SEEDS_DIR=/etc/permitflow/seeds permit seed --json
              permit seed --demo      # also demo staff logins (one-time passwords printed), employers, an applicant
            """
    )

    @Flag(help: "Also load seeds/demo/: demo staff logins, employers and an applicant (rows already there are kept).")
    var demo = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.run(database, label: "seed") { context in
            let directory = try ProjectFolders.seeds()
            let (report, demoReport) = try await context.withPool { pool in
                let report = try await SeedLoader.load(from: directory, pool: pool, logger: context.logger)
                let demoReport = demo
                    ? try await DemoSeed.load(from: directory.appendingPathComponent("demo"), at: Date(), pool: pool, logger: context.logger) : nil
                return (report, demoReport)
            }
            if output.json {
                struct Both: Encodable { let seed: SeedReport; let demo: DemoSeedReport? }
                if demo { try JSONOutput.print(Both(seed: report, demo: demoReport)) } else { try JSONOutput.print(report) }
                return
            }
            if let demoReport {
                print("demo data added: \(demoReport.staff.count) staff logins, \(demoReport.employers) employers, \(demoReport.applicants) applicants")
                for login in demoReport.staff { print(SignInInstructions.text(for: login, passwordWasGiven: false)) }
            }
            print("policy versions loaded: \(report.policiesLoaded.isEmpty ? "none new" : report.policiesLoaded.joined(separator: ", "))")
            if !report.policiesUnchanged.isEmpty {
                print("policy versions already loaded, unchanged: \(report.policiesUnchanged.joined(separator: ", "))")
            }
            print("places known: \(report.cities) cities in \(report.provinces) provinces; \(report.regions) regions with a membership")
            print("calendar years loaded: \(report.calendarYears.map(String.init).joined(separator: ", "))")
        }
    }
}
