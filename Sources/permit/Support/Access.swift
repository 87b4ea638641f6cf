import Foundation

/// Whom a command connects as.
enum Access: Sendable {
    /// Setup and upkeep (migrate, seed, demo, bench, audit, queue and job inspection, the first supervisor): on the
    /// embedded cluster its superuser by peer authentication; with a database URL, whoever it names.
    case `operator`
    /// The worker: the local worker login on the embedded cluster (peer); with a URL, a member of permit_worker.
    case worker
    /// A person: their own login (PGUSER, or the URL's user; the password from PGPASSWORD, ~/.pgpass or a prompt).
    /// On the embedded cluster with no login given, the operator's connection, which may read but acts for nobody.
    /// Outside the embedded cluster a superuser is refused.
    case person
    /// Staff administration and audits: a supervisor's (or an auditor's) login as for `person`, or the operator,
    /// a superuser included (the database owner adding the first supervisor).
    case administrator
}

/// The settings that decide who connects.
enum LoginEnvironment {
    /// PGUSER, when set: the login a person gave.
    static var givenUser: String? {
        guard let user = ProcessInfo.processInfo.environment["PGUSER"], !user.isEmpty else { return nil }
        return user
    }

    /// `PERMIT_ALLOW_SUPERUSER=1`: lets the worker and people's commands run as a superuser on a database URL (tests
    /// and throwaway databases only; the embedded cluster needs no such permission).
    static var superuserAllowed: Bool {
        ProcessInfo.processInfo.environment["PERMIT_ALLOW_SUPERUSER"] == "1"
    }

    /// Whether standard input is a terminal (a password may be asked for).
    static var canPrompt: Bool { isatty(0) == 1 }
}
