import ArgumentParser
import Foundation

/// The options of every command a person runs: who acts is their database login, not a name they type.
///
/// `--as` is kept only to say why it is gone: a name typed on the command line proves nothing.
struct LoginOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: .hidden)
    var typedName: String?

    /// Refuses `--as`, and says once that PERMIT_ACTOR is ignored.
    func check() throws {
        if let typedName {
            throw CommandFailure(.badInput, """
                --as: PermitFlow no longer takes a typed name (got '\(typedName)'): you act as your database login. \
                Set PGUSER to your login (password in PGPASSWORD or ~/.pgpass); `permit whoami` shows who you are.
                """)
        }
        if let typed = ProcessInfo.processInfo.environment["PERMIT_ACTOR"], !typed.isEmpty {
            StandardError.write("permit: PERMIT_ACTOR is ignored: you act as your database login (PGUSER), not as a typed name")
        }
    }
}
