import Foundation
import Logging
import PermitCore
import Postgres

/// `permit doctor`: checks a PermitFlow database and the server under it, and says what to do about each finding.
///
/// Every check runs on its own; one that cannot run (a permission missing, say) is itself a failure that names why.
/// Only a database that cannot be reached at all throws.
public struct Doctor: Sendable {
    let configuration: PostgresConfiguration
    let migrations: [Migration]
    let settings: DoctorSettings
    let logger: Logger

    /// A doctor for the database at `configuration`, whose migration files are `migrations`.
    public init(configuration: PostgresConfiguration, migrations: [Migration], settings: DoctorSettings = DoctorSettings(),
                logger: Logger) {
        self.configuration = configuration
        self.migrations = migrations
        self.settings = settings
        self.logger = logger
    }

    /// Runs every check as of `now`.
    public func examine(now: Date = Date()) async throws -> DoctorReport {
        let connection = try await PostgresConnection.connect(configuration, logger: logger)
        typealias Check = @Sendable (PostgresConnection) async throws -> DoctorCheck
        let checks: [(String, Check)] = [
            ("migrations", { _ in try await migrationsCheck() }),
            ("calendar", { try await calendarCheck(now: now, on: $0) }),
            ("stuck_leases", { try await stuckLeasesCheck(now: now, on: $0) }),
            ("dead_jobs", { try await deadJobsCheck(on: $0) }),
            ("oldest_due_job", { try await oldestDueCheck(now: now, on: $0) }),
            ("notify_round_trip", { try await notifyCheck(on: $0) }),
            ("table_bloat", { try await tableBloatCheck(on: $0) }),
            ("index_bloat", { try await indexBloatCheck(on: $0) }),
            ("autovacuum", { try await autovacuumCheck(on: $0) }),
            ("connections", { try await connectionsCheck(on: $0) }),
            ("superuser", { try await superuserCheck(on: $0) }),
        ]
        var findings: [DoctorCheck] = []
        for (name, check) in checks {
            do {
                findings.append(try await check(connection))
            } catch let error as PostgresError where error.isConnectionLost {
                await connection.close()
                throw error
            } catch {
                findings.append(DoctorCheck(name, .fail, "could not check: \(error)",
                                            advice: "see the error; a permission missing means the login needs the grants listed in the README"))
            }
        }
        await connection.close()
        return DoctorReport(checks: findings)
    }

    /// Migrations applied, none pending, and every applied file unchanged since (server-computed SHA-256).
    func migrationsCheck() async throws -> DoctorCheck {
        let statuses = try await Migrator(configuration: configuration, migrations: migrations, logger: logger).status()
        func names(_ state: MigrationStatus.State) -> [String] { statuses.filter { $0.state == state }.map(\.name) }
        let applied = names(.applied), pending = names(.pending), changed = names(.changed), missing = names(.missingFile)
        if !changed.isEmpty {
            return DoctorCheck("migrations", .fail, "applied migrations whose file changed since: \(changed.joined(separator: ", "))",
                               advice: "restore the files as they were applied (git); a change is a new numbered migration")
        }
        if !pending.isEmpty {
            return DoctorCheck("migrations", .fail, "\(pending.count) pending: \(pending.joined(separator: ", "))",
                               advice: "run `permit migrate`")
        }
        if !missing.isEmpty {
            return DoctorCheck("migrations", .warn, "applied but not among the files: \(missing.joined(separator: ", "))",
                               advice: "this permit is older than the database: use the release that applied them")
        }
        return DoctorCheck("migrations", .ok, "\(applied.count) applied, checksums intact")
    }

    /// The working-day calendar of this year (required) and next year (deadlines reach into it) is loaded.
    func calendarCheck(now: Date, on connection: PostgresConnection) async throws -> DoctorCheck {
        let data = try await ReferenceData.load(on: connection)
        let thisYear = CivilDate.today(in: data.policies.timeZone, now: now).year
        let loaded = data.calendar.loadedYears
        let list = loaded.sorted().map(String.init).joined(separator: ", ")
        if !loaded.contains(thisYear) {
            return DoctorCheck("calendar", .fail, "no calendar for \(thisYear) (loaded: \(list.isEmpty ? "none" : list)); "
                               + "every deadline this year is counted on weekdays only and marked provisional",
                               advice: "add seeds/calendar/\(thisYear).json from the State Council's notice and run `permit seed`")
        }
        if !loaded.contains(thisYear + 1) {
            return DoctorCheck("calendar", .warn, "\(thisYear) loaded, \(thisYear + 1) missing (loaded: \(list)); "
                               + "deadlines reaching into \(thisYear + 1) are provisional",
                               advice: "add seeds/calendar/\(thisYear + 1).json when the State Council publishes it and run `permit seed`")
        }
        return DoctorCheck("calendar", .ok, "\(thisYear) and \(thisYear + 1) loaded (\(list))")
    }
}
