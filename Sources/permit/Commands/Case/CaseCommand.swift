import ArgumentParser

/// `permit case`: a case's whole life, from intake to decision.
struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Open, move and inspect cases (caseworkers).",
        discussion: """
            Every change goes through the workflow: the message of a refusal names the rule (exit 1). Pass
            --expected-version N (from `permit case show`) to refuse the change if the case moved meanwhile (exit 3).
            --as-of YYYY-MM-DD[THH:MM] (or PERMIT_NOW) acts as at that instant in Asia/Shanghai, on a training or
            what-if database only (see `permit database purpose`); on show and list it only changes "today".
            """,
        subcommands: [
            NewCaseCommand.self, SubmitCaseCommand.self, DocumentsCaseCommand.self, ListCasesCommand.self, ShowCaseCommand.self,
            ClaimCaseCommand.self, ReleaseCaseCommand.self, ReviewCaseCommand.self, VerifyCaseCommand.self,
            RequestDocumentsCaseCommand.self, ApproveCaseCommand.self, RejectCaseCommand.self, EscalateCaseCommand.self,
            ExtendCaseCommand.self, ReturnToReviewCaseCommand.self, WithdrawCaseCommand.self, ImportCasesCommand.self,
            DeadlinesCaseCommand.self,
        ]
    )
}
