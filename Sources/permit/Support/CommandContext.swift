import ArgumentParser
import Foundation
import Logging
import Postgres

/// What a running command has: its logger and the database; and the one place failures become exit codes.
struct CommandContext: Sendable {
    /// The command's logger.
    let logger: Logger
    /// Where the database is.
    let configuration: PostgresConfiguration

    /// Runs `body` with a resolved database; prints any failure to standard error and exits with its documented code.
    static func run(
        _ options: DatabaseOptions,
        label: String,
        _ body: (CommandContext) async throws -> Void
    ) async throws {
        let logger = Logger(label: "permit.\(label)")
        do {
            let configuration = try await options.resolve(logger: logger)
            try await body(CommandContext(logger: logger, configuration: configuration))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            var failure = CommandFailure.from(error)
            if failure.status == .unreachable && !failure.message.contains(" at ") {
                failure.message += " (tried \(options.describedLocation))"
            }
            StandardError.write("permit: \(failure.message)")
            throw failure.status.exitCode
        }
    }

    /// Opens a pool on the command's database, runs `body`, and closes the pool.
    func withPool<T: Sendable>(maxConnections: Int = 2, _ body: (PostgresPool) async throws -> T) async throws -> T {
        let pool = PostgresPool(configuration: configuration, maxConnections: maxConnections, logger: logger)
        do {
            let result = try await body(pool)
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }
}

extension DatabaseOptions {
    /// Where this command connects, for messages (passwords masked).
    var describedLocation: String {
        if let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            return PostgresConfiguration(conninfo: url).description
        }
        return "the embedded cluster at \(EmbeddedCluster.directory.path)"
    }
}
