import ArgumentParser
import Foundation
import Logging
import PermitStore
import Postgres

/// What a running command has: its logger, the database, and who it is there; and the one place failures become
/// exit codes.
struct CommandContext: Sendable {
    /// The command's logger.
    let logger: Logger
    /// Where the database is, as whom.
    let configuration: PostgresConfiguration
    /// Who the session is, as the database says (people's and the worker's commands).
    let identity: SessionIdentity?

    /// Runs `body` connected as `access` asks; prints any failure to standard error and exits with its documented code.
    /// - Parameter withOneTimePassword: whether a person who still has their one-time password may run it (only
    ///   `permit password` and `permit whoami`).
    static func run(
        _ options: DatabaseOptions,
        _ access: Access = .operator,
        label: String,
        withOneTimePassword: Bool = false,
        logins: LoginOptions? = nil,
        _ body: (CommandContext) async throws -> Void
    ) async throws {
        let logger = Logger(label: "permit.\(label)")
        var loginGiven = true
        do {
            try logins?.check()  // a typed identity is refused before anything connects or asks for a password
            let resolved = try await options.resolve(access, logger: logger)
            loginGiven = resolved.loginGiven
            var configuration = resolved.configuration
            var identity: SessionIdentity?
            if access != .operator {
                (configuration, identity) = try await signIn(configuration, logger: logger)
                try admit(identity!, as: access, resolved: resolved)
                if identity!.mustSetPassword && !withOneTimePassword {
                    throw CommandFailure(.refused, """
                        refused (password_not_set): \(identity!.login) still has the one-time password it was given; choose \
                        your own with `permit password` first
                        """)
                }
            }
            try await body(CommandContext(logger: logger, configuration: configuration, identity: identity))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            var failure = CommandFailure.from(error)
            if !loginGiven, case let store as StoreError = error, store.refusal?.code == SessionIdentity.superuserCode {
                failure = CommandFailure(.badInput, """
                    PGUSER: this command acts for a person and no login was given. Set PGUSER to your staff login \
                    (its password in PGPASSWORD or ~/.pgpass); `permit staff list` shows the logins.
                    """)
            }
            if options.isEmbedded, let migration = error as? MigrationError,
               migration.code == .changedAfterApply || migration.code == .unknownApplied {
                failure.message += "\n" + EmbeddedCluster.startingOver
            }
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

    /// Connects once to learn who the session is; asks for the password on a terminal when the server wants one
    /// and none was given (the password then stays in this process's memory only).
    private static func signIn(_ configuration: PostgresConfiguration, logger: Logger)
        async throws -> (PostgresConfiguration, SessionIdentity) {
        var configuration = configuration
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration, logger: logger)
        } catch let error as PostgresError where error.code == .passwordRequired && LoginEnvironment.canPrompt {
            let user = configuration.user ?? LoginEnvironment.givenUser ?? LocalCluster.operatingSystemUser
            let password = try await PasswordPrompt.read("Password for \(user): ")
            configuration = configuration.login(user, password: password)
            connection = try await PostgresConnection.connect(configuration, logger: logger)
        }
        do {
            let identity = try await SessionIdentity.current(on: connection)
            await connection.close()
            return (configuration, identity)
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Refuses a superuser outside the embedded cluster (unless PERMIT_ALLOW_SUPERUSER=1), and a worker that is not
    /// a worker login.
    private static func admit(_ identity: SessionIdentity, as access: Access, resolved: ResolvedDatabase) throws {
        if identity.superuser && access != .administrator && !resolved.embedded && !LoginEnvironment.superuserAllowed {
            throw CommandFailure(.refused, """
                refused (superuser_not_allowed): \(identity.login) is a superuser; outside the embedded cluster the worker \
                and people's commands run as their own logins with only the privileges they need. Connect as a staff or \
                worker login (`permit staff add`), or set PERMIT_ALLOW_SUPERUSER=1 on a throwaway database.
                """)
        }
        if access == .worker && !identity.superuser && identity.role != "system" {
            throw CommandFailure(.refused, """
                refused (not_a_worker_login): \(identity.login) is not a worker login (a member of permit_worker); \
                a supervisor creates one with `permit staff add NAME --login LOGIN --role worker`.
                """)
        }
    }
}

extension DatabaseOptions {
    /// Where this command connects, for messages (passwords masked).
    var describedLocation: String {
        if let url = givenURL { return PostgresConfiguration(conninfo: url).description }
        return "the embedded cluster at \(EmbeddedCluster.directory.path)"
    }
}
