import ArgumentParser
import Foundation
import PermitStore

/// `permit migrate`: applies pending migrations, or lists them with `--status`.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending database migrations (operators).",
        discussion: """
            Applies migrations/NNNN_name.sql in order, each in its own transaction, under an advisory lock so two
            migrators never interleave. Refuses when an applied file has changed. Running it again changes nothing.

            Examples:
              permit migrate
              permit migrate --status --json
              DATABASE_URL=postgres://permit@db/permitflow permit migrate
            """
    )

    @Flag(help: "List applied and pending migrations instead of applying them.")
    var status = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.run(database, label: "migrate") { context in
            let migrations = try MigrationFiles.load(from: try ProjectFolders.migrations())
            let migrator = Migrator(configuration: context.configuration, migrations: migrations, logger: context.logger)
            if status {
                try report(try await migrator.status())
                return
            }
            let applied = try await migrator.migrate()
            try await context.withPool(maxConnections: 1) { try await HistoryRules.sync(pool: $0) }
            if output.json {
                try JSONOutput.print(["applied": applied])
            } else if applied.isEmpty {
                print("Up to date: \(migrations.count) migrations applied, nothing pending.")
            } else {
                applied.forEach { print("applied \($0)") }
                print("\(applied.count) migration(s) applied.")
            }
        }
    }

    private func report(_ statuses: [MigrationStatus]) throws {
        struct Row: Encodable {
            let name: String
            let state: String
            let appliedAt: Date?
        }
        if output.json {
            try JSONOutput.print(statuses.map { Row(name: $0.name, state: $0.state.rawValue, appliedAt: $0.appliedAt) })
            return
        }
        var table = TextTable(["MIGRATION", "STATE", "APPLIED AT"])
        let formatter = ISO8601DateFormatter()
        for status in statuses {
            table.add([status.name, status.state.rawValue, status.appliedAt.map(formatter.string(from:)) ?? ""])
        }
        table.print()
    }
}
