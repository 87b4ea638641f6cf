import ArgumentParser
import Foundation

/// `--as NAME`: who acts (else `PERMIT_ACTOR`); the person must be in staff with a role allowed to act.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("The staff member who acts (default: $PERMIT_ACTOR).", valueName: "name"))
    var actor: String?

    /// The name given, if any.
    var name: String? {
        if let actor, !actor.isEmpty { return actor }
        if let environment = ProcessInfo.processInfo.environment["PERMIT_ACTOR"], !environment.isEmpty { return environment }
        return nil
    }

    /// The name given, or a bad-usage failure saying how to give it.
    func required() throws -> String {
        guard let name else {
            throw CommandFailure(.badInput, "--as: say who acts, with --as NAME or PERMIT_ACTOR (a person in `permit staff list`)")
        }
        return name
    }
}
