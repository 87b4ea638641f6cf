import ArgumentParser
import Foundation

/// The documented exit codes of every `permit` command.
enum ExitStatus: Int32 {
    /// Done.
    case ok = 0
    /// Refused by a rule; the message says which rule and why.
    case refused = 1
    /// Bad usage or bad input; the message names the field.
    case badInput = 2
    /// Conflict: the case changed under you; show it again and retry.
    case conflict = 3
    /// The database cannot be reached; the message says where it tried.
    case unreachable = 4
    /// Something unexpected; the message says what.
    case failure = 70

    /// The `ExitCode` ArgumentParser exits with.
    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// Writes to standard error (Swift 6 forbids the global `stderr`).
enum StandardError {
    /// Writes one message line to standard error.
    static func write(_ message: String) {
        let line = message.hasSuffix("\n") ? message : message + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
