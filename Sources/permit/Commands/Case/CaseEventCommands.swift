import ArgumentParser
import Foundation
import PermitCore

/// `permit case submit ID`.
struct SubmitCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Hand in a draft: pins the policy in force today and queues screening (clerk, caseworker, supervisor).",
        discussion: "Example:\n  permit case submit 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b"
    )
    @OptionGroup var change: CaseChangeOptions
    func run() async throws { try await change.fire(.submit, label: "case") }
}

/// `permit case documents ID --received a,b`.
struct DocumentsCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "Record documents received for a case.",
        discussion: "Example:\n  permit case documents 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b --received employment-certificate,title-certificate"
    )
    @OptionGroup var change: CaseChangeOptions
    @Option(help: "Documents received, comma-separated: employment-certificate, title-certificate, recognition-certificate, recommendation-letter.")
    var received: DocumentList
    func run() async throws { try await change.fire(.receiveDocuments(received.values), label: "case") }
}

/// `permit case claim ID`.
struct ClaimCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Take a case into your queue.",
        discussion: "Example:\n  permit case claim 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b")
    @OptionGroup var change: CaseChangeOptions
    func run() async throws { try await change.fire(.claim, label: "case") }
}

/// `permit case release ID`.
struct ReleaseCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Give a case back to the shared queue.",
        discussion: "Example:\n  permit case release 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b")
    @OptionGroup var change: CaseChangeOptions
    func run() async throws { try await change.fire(.release, label: "case") }
}

/// `permit case review ID`.
struct ReviewCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Start reviewing an accepted case (caseworker).",
        discussion: "Example:\n  permit case review 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b")
    @OptionGroup var change: CaseChangeOptions
    func run() async throws { try await change.fire(.startReview, label: "case") }
}

/// `permit case verify ID`.
struct VerifyCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify eligibility (supervisor): outstanding talent on no recommendation list, legal talent on no official list.",
        discussion: "Example:\n  permit case verify 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b --note \"recommended by the S&T bureau\"")
    @OptionGroup var change: CaseChangeOptions
    @Option(help: "A note for the history.") var note: String?
    func run() async throws { try await change.fire(.verifyEligibility(note: try TypedText.note(note)), label: "case") }
}

/// `permit case request-documents ID --missing a,b`.
struct RequestDocumentsCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-documents", abstract: "Ask the applicant for missing documents (stops the decision clock).",
        discussion: "Example:\n  permit case request-documents 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b --missing title-certificate")
    @OptionGroup var change: CaseChangeOptions
    @Option(help: "The missing documents, comma-separated.") var missing: DocumentList
    func run() async throws { try await change.fire(.requestDocuments(missing.values), label: "case") }
}

/// `permit case approve ID`.
struct ApproveCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a case (caseworker or supervisor; never one who prepared it).",
        discussion: "Example:\n  permit case approve 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b --note \"documents verified\"")
    @OptionGroup var change: CaseChangeOptions
    @Option(help: "A note for the history.") var note: String?
    func run() async throws { try await change.fire(.approve(note: try TypedText.note(note)), label: "case") }
}

/// `permit case reject ID --reason CODE`.
struct RejectCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Refuse a case with a reason code.",
        discussion: "Example:\n  permit case reject 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b --reason title_below_associate_senior")
    @OptionGroup var change: CaseChangeOptions
    @Option(help: "The reason code (snake_case).") var reason: String
    @Option(help: "A note for the history.") var note: String?
    func run() async throws {
        try await change.fire(.reject(reason: try TypedText.reason(reason), note: try TypedText.note(note)), label: "case")
    }
}

/// `permit case escalate ID`.
struct EscalateCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate", abstract: "Hand a case to a supervisor.",
        discussion: "Example:\n  permit case escalate 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b --note \"not on any list\"")
    @OptionGroup var change: CaseChangeOptions
    @Option(help: "A note for the history.") var note: String?
    func run() async throws { try await change.fire(.escalate(note: try TypedText.note(note)), label: "case") }
}

/// `permit case extend ID`.
struct ExtendCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend", abstract: "Extend the decision deadline to 20 working days (supervisor, once).",
        discussion: "Example:\n  permit case extend 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b --note \"awaiting list confirmation\"")
    @OptionGroup var change: CaseChangeOptions
    @Option(help: "A note for the history.") var note: String?
    func run() async throws { try await change.fire(.extendDeadline(note: try TypedText.note(note)), label: "case") }
}

/// `permit case return-to-review ID`.
struct ReturnToReviewCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return-to-review", abstract: "Hand an escalated case back for review (supervisor).",
        discussion: "Example:\n  permit case return-to-review 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b")
    @OptionGroup var change: CaseChangeOptions
    @Option(help: "A note for the history.") var note: String?
    func run() async throws { try await change.fire(.returnToReview(note: try TypedText.note(note)), label: "case") }
}

/// `permit case withdraw ID`.
struct WithdrawCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Record that the applicant withdrew (only before a decision).",
        discussion: "Example:\n  permit case withdraw 0b9e4c1a-6d7e-4f10-8a2b-3c4d5e6f7a8b --note \"letter of 3 March\"")
    @OptionGroup var change: CaseChangeOptions
    @Option(help: "A note for the history.") var note: String?
    func run() async throws { try await change.fire(.withdraw(note: try TypedText.note(note)), label: "case") }
}
