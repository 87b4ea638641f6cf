import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// `permit case import FILE.csv`: bulk intake.
struct ImportCasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bulk intake from CSV: each row registers an applicant with their EEP and opens a draft case.",
        discussion: """
            The file is UTF-8 CSV with a header row. Required columns: national_id, name, birth_date, work_city, employer,
            eep_number, eep_expires, category, destinations (HK, MO or "HK,MO"); optional: office, new_eep (yes/no).
            Every row is checked first and every bad row is reported with its line number. With any bad row nothing is
            written (exit 2) unless --accept-valid: then the valid rows go in, all in one transaction, and the bad ones
            are listed. Rows are loaded with COPY; a progress bar shows on standard error when it is a terminal.
            The cases are drafts: submit them with `permit case submit ID`.

            Example:
              permit case import intake-2026-11.csv
              permit case import intake-2026-11.csv --accept-valid --json
            """
    )
    @Argument(help: "The CSV file.", completion: .file(extensions: ["csv"]))
    var file: String
    @Flag(help: "Import the valid rows even when some rows are bad.")
    var acceptValid = false
    @OptionGroup var login: LoginOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.run(database, .person, label: "import", logins: login) { context in
            let url = URL(fileURLWithPath: file)
            do { try FileHandle(forReadingFrom: url).close() } catch {
                throw CommandFailure(.badInput, "file: \(file) cannot be read (\(error.localizedDescription))")
            }
            let bar = ProgressBar()
            let report = try await context.withPool { pool in
                let time = try await clock.acting(on: pool)
                // Read as a stream: memory stays flat whatever the file's size.
                return try await CaseImport.run(file: url, acceptValid: acceptValid, at: time.instant, pool: pool) { phase, done, total in
                    bar.show(phase, done, total)
                }
            }
            bar.finish()
            for problem in report.problems { StandardError.write("permit: \(file): \(problem)") }
            if output.json { try JSONOutput.print(report) }
            if !report.problems.isEmpty && !acceptValid {
                throw CommandFailure(.badInput,
                    "\(report.problems.count) problem(s) in \(Set(report.problems.map(\.line)).count) of \(report.rows) rows; nothing was written "
                    + "(fix the rows, or pass --accept-valid to import the \(report.rows - Set(report.problems.map(\.line)).count) valid ones)")
            }
            if !output.json {
                print("imported \(report.imported) of \(report.rows) rows as draft cases"
                      + (report.problems.isEmpty ? "" : "; \(Set(report.problems.map(\.line)).count) bad rows skipped"))
            }
        }
    }
}

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar: Sendable {
    private let enabled = isatty(2) == 1

    func show(_ phase: String, _ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(phase.padding(toLength: 9, withPad: " ", startingAt: 0)) [\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
