import ArgumentParser
import Foundation
import PermitCore
import PermitStore

/// What every case-changing command takes: the case, when, the version seen, where the database is (who acts is the login).
struct CaseChangeOptions: ParsableArguments {
    @Argument(help: "The case id.")
    var id: Identifier
    @Option(help: "Refuse with exit 3 unless the case is still at this version (see `permit case show`).")
    var expectedVersion: Int?
    @OptionGroup var login: LoginOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let expectedVersion, expectedVersion < 1 {
            throw ValidationError("--expected-version: must be a version shown by `permit case show` (1 or more), got \(expectedVersion)")
        }
    }

    /// Fires `event` on the case at the command's instant and reports the step.
    func fire(_ event: @autoclosure () throws -> CaseEvent, label: String) async throws {
        try await CommandContext.run(database, .person, label: label, logins: login) { context in
            let event = try event()
            let step = try await context.withPool { pool in
                let time = try await clock.acting(on: pool)
                return try await CaseRepository(pool: pool, logger: context.logger)
                    .apply(event, to: id.value, at: time.instant, expectedVersion: expectedVersion)
            }
            let outcome = CaseChangeOutcome(step: step)
            if output.json { return try JSONOutput.print(outcome) }
            print("case \(id): \(outcome.event) \(outcome.fromState) → \(outcome.toState) by \(outcome.actor)"
                  + (outcome.reasonCode.map { " (reason \($0))" } ?? ""))
        }
    }
}

/// The result of a case change, as `--json` prints it.
struct CaseChangeOutcome: Encodable {
    let id: UUID
    let event: String
    let fromState: String
    let toState: String
    let actor: String
    let reasonCode: String?

    init(step: CaseStep) {
        id = step.caseFile.id
        event = step.record.event.rawValue
        fromState = step.record.from.rawValue
        toState = step.record.to.rawValue
        actor = step.record.actor.name
        reasonCode = step.record.reasonCode
    }
}

/// Checks on free text and codes typed on the command line.
enum TypedText {
    /// A note: at most 2000 characters, no control characters but line breaks; nil stays nil.
    static func note(_ text: String?) throws -> String? {
        guard let text else { return nil }
        guard text.count <= 2000 else {
            throw CommandFailure(.badInput, "--note: is \(text.count) characters long; at most 2000 are allowed")
        }
        let forbidden = text.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) && $0 != "\n" && $0 != "\t" }
        guard !forbidden else { throw CommandFailure(.badInput, "--note: must not contain control characters") }
        return text
    }

    /// A reason code: snake_case, 2 to 40 characters.
    static func reason(_ text: String) throws -> String {
        let valid = (2...40).contains(text.count) && text.first?.isLetter == true
            && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        guard valid else {
            throw CommandFailure(.badInput, "--reason: '\(text)' is not a snake_case code of 2 to 40 characters (e.g. not_on_official_list)")
        }
        return text
    }
}
