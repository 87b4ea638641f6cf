import ArgumentParser

/// `permit`: the PermitFlow command line for caseworkers and operators.
struct Permit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permit",
        abstract: "Process multiple-entry talent endorsements for Hong Kong and Macao.",
        discussion: """
            With no DATABASE_URL, permit uses its own private PostgreSQL cluster (the embedded default), \
            creating and starting it when needed. People act as their own database login (PGUSER, or \
            user= in DATABASE_URL): history records who that login is, never a typed name; `permit whoami` shows it.

            Exit codes: 0 done; 1 refused by a rule; 2 bad usage or bad input; 3 conflict (the case \
            changed under you: show it again and retry); 4 the database cannot be reached.

            New here? Run `permit demo`, then `permit case list` and `permit case show ID`.
            """,
        subcommands: Permit.commands
    )
}
