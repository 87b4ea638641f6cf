import ArgumentParser
import Foundation
import Logging

/// The entry point: parses the command line, runs the command, and maps every failure to a documented exit code.
@main
enum PermitMain {
    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = LogSettings.level
            return handler
        }
        do {
            var command = try Permit.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            if Permit.exitCode(for: error) == .validationFailure {
                // Bad usage: ArgumentParser would exit 64; PermitFlow documents 2 for every kind of bad input.
                StandardError.write(Permit.fullMessage(for: error))
                Foundation.exit(ExitStatus.badInput.rawValue)
            }
            Permit.exit(withError: error)
        }
    }
}
