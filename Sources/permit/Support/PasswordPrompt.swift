import Foundation
import Postgres
import Glibc

/// Reads a password without echo: from the terminal when standard input is one, else one line of standard input.
enum PasswordPrompt {
    /// Asks with `prompt` on the terminal (echo off), or reads a line from standard input; the wait happens off
    /// Swift's cooperative pool.
    static func read(_ prompt: String) async throws -> String {
        try await BlockingWork.run { try readBlocking(prompt) }
    }

    private static func readBlocking(_ prompt: String) throws -> String {
        if isatty(0) == 1 {
            guard let typed = getpass(prompt) else {
                throw CommandFailure(.badInput, "password: could not be read from the terminal")
            }
            return String(cString: typed)
        }
        guard let line = readLine(strippingNewline: true) else {
            throw CommandFailure(.badInput, "password: standard input ended before a password line")
        }
        return line
    }
}
