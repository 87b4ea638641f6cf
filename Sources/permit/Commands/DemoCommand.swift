import ArgumentParser
import Foundation
import PermitStore

/// `permit demo`: sets everything up and runs a handful of typical cases end to end.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Set up the database and run six typical cases end to end (start here).",
        discussion: """
            Migrates, loads the policy, calendars and demo data (staff zhang.clerk, wang.caseworker, li.caseworker,
            zhou.supervisor and demo.worker, each with a login of their own whose password the demo resets to a fresh
            random one each run; five employers), registers new applicants (fresh national IDs every run), and runs
            their cases through the worker and the caseworkers' decisions, each person acting as their own login:
              a Hetao park case straight through; a legal talent on the arbitrator list; a research talent whose
              documents are requested then received, reviewed by one caseworker and approved by another; a health
              talent whose EEP expires too soon; a withdrawn education case; an outstanding talent on no list,
              escalated to a supervisor who verifies and approves.
            Safe to run again: each run adds new applicants and cases.

            Examples:
              permit demo
              permit demo --json
              DATABASE_URL=postgres://localhost/permitflow permit demo
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.run(database, label: "demo") { context in
            let migrations = try MigrationFiles.load(from: try ProjectFolders.migrations())
            _ = try await Migrator(configuration: context.configuration, migrations: migrations, logger: context.logger).migrate()
            let seeds = try ProjectFolders.seeds()
            let demo = seeds.appendingPathComponent("demo")
            let rows = try await context.withPool(maxConnections: 4) { pool in
                _ = try await SeedLoader.load(from: seeds, pool: pool, logger: context.logger)
                _ = try await DemoSeed.load(from: demo, at: Date(), pool: pool, logger: context.logger)
                let people = try await DemoPeople.signIn(try DemoSeed.file(in: demo), server: context.configuration, operator: pool,
                                                         logger: context.logger)
                do {
                    let rows = try await DemoScript(logger: context.logger, people: people).run()
                    await people.close()
                    return rows
                } catch {
                    await people.close()
                    throw error
                }
            }
            if output.json { return try JSONOutput.print(rows) }
            var table = TextTable(["CASE", "APPLICANT", "CATEGORY", "FINAL STATE", "ENDORSEMENTS", "NOTE"])
            for row in rows {
                table.add([row.caseId.uuidString.lowercased(), row.applicant, row.category, row.finalState,
                           row.endorsements.joined(separator: ", "), row.note])
            }
            table.print()
            print("\nNext: permit case show CASE   ·   permit case list   ·   permit endorsement list")
        }
    }
}
