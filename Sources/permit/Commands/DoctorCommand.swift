import ArgumentParser
import Foundation
import PermitStore

/// `permit doctor`: checks the database and the server under it; each finding with ok/warn/fail and what to do.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the database, the queue and the server; say what to do about each finding (operators).",
        discussion: """
            Checks, each ok, warn or fail: migrations applied and their checksums intact; the working-day calendar \
            of this year and next; stuck leases (running jobs past lease + grace); dead jobs; the oldest due job; a \
            NOTIFY round trip; table and index bloat of the hot tables (estimates from the planner's statistics); \
            autovacuum lag; connections in use against max_connections; whether the app runs as a superuser \
            (expected only on the embedded default cluster). Reads only, except the NOTIFY it sends to itself.

            Exit status: 0 when nothing fails (warnings allowed), 1 when any check fails, 4 when the database \
            cannot be reached.

            Examples:
              permit doctor
              permit doctor --json | jq '.checks[] | select(.status != "ok")'
            """
    )

    @Option(help: "Seconds past a lease's end before a running job counts as stuck.")
    var leaseGraceSeconds = 60.0

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard leaseGraceSeconds >= 0 else { throw ValidationError("--lease-grace-seconds must not be negative") }
    }

    func run() async throws {
        try await CommandContext.run(database, label: "doctor") { context in
            let migrations = try MigrationFiles.load(from: try ProjectFolders.migrations())
            let settings = DoctorSettings(leaseGraceSeconds: leaseGraceSeconds, superuserAllowed: database.isEmbedded)
            let report = try await Doctor(configuration: context.configuration, migrations: migrations, settings: settings,
                                          logger: context.logger).examine()
            if output.json {
                try JSONOutput.print(report)
            } else {
                print(Self.rendered(report))
            }
            if report.status == .fail { throw ExitStatus.refused.exitCode }
        }
    }

    /// One line per check (`[warn] name: summary`), the advice indented below it, and the overall status last.
    static func rendered(_ report: DoctorReport) -> String {
        var lines: [String] = []
        let width = report.checks.map(\.name.count).max() ?? 0
        for check in report.checks {
            let status = "[\(check.status.rawValue)]".padding(toLength: 6, withPad: " ", startingAt: 0)
            lines.append("\(status) \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.summary)")
            if let advice = check.advice {
                lines.append(String(repeating: " ", count: 7 + width + 2) + "→ " + advice)
            }
        }
        lines.append("overall: \(report.status.rawValue)")
        return lines.joined(separator: "\n")
    }
}
