import Foundation
import Logging
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

@Suite("Migrations")
struct MigrationTests {
    let logger: Logger = {
        var logger = Logger(label: "test.migrations")
        logger.logLevel = .warning
        return logger
    }()

    /// A private copy of migrations/ that a test may edit.
    func copyOfMigrations() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("permit-migrations-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestDatabase.repositoryRoot.appendingPathComponent("migrations"), to: copy)
        return copy
    }

    func tables(_ database: TestDatabase) async throws -> Set<String> {
        let connection = try await PostgresConnection.connect(database.configuration, logger: logger)
        let rows = try await connection.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        await connection.close()
        return Set(try rows.map { try $0.decode("tablename", as: String.self) })
    }

    @Test func appliesInOrderThenReRunChangesNothing() async throws {
        let database = try await TestDatabase.create("migrate_apply")
        let migrations = try MigrationFiles.load(from: TestDatabase.repositoryRoot.appendingPathComponent("migrations"))
        let migrator = Migrator(configuration: database.configuration, migrations: migrations, logger: logger)

        let before = try await migrator.status()
        #expect(before.allSatisfy { $0.state == .pending })
        let applied = try await migrator.migrate()
        #expect(applied == migrations.map(\.name))
        #expect(try await tables(database).isSuperset(of: ["applications", "case_transitions", "jobs", "schema_migrations"]))

        let again = try await migrator.migrate()
        #expect(again.isEmpty)
        let after = try await migrator.status()
        #expect(after.count == migrations.count)
        #expect(after.allSatisfy { $0.state == .applied })
        await database.drop()
    }

    /// The migrations the previous release shipped (its numbers were not contiguous: 0006 and 0007 came later).
    static let previousRelease = ["0001", "0002", "0003", "0004", "0005", "0008"]
    /// What 0008's other shipped text (c4c29ec) has after the file's: waking the workers only for jobs due now, and
    /// `require_one_row` granted to the roles (0011 applies both again).
    static let parts6And7Of0008 = """

            -- 6. Enqueueing wakes the workers only when a job it queued is due now (or within seconds: clocks differ a
            --    little): a job due in 30 days woke every worker for nothing, and a NOTIFY serialises the commits that carry
            --    one (PostgreSQL takes a database-wide lock for it until the commit is flushed), so two lanes screening
            --    cases, each queueing a lapse check a month ahead, committed one after the other. Jobs due later are found
            --    by the workers' poll, as before.
            CREATE OR REPLACE FUNCTION notify_jobs_queued() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM queued_now WHERE due_at <= clock_timestamp() + interval '5 seconds') THEN
                    PERFORM pg_notify('permit_jobs', '');
                END IF;
                RETURN NULL;
            END $$;
            DROP TRIGGER jobs_queued_notify ON jobs;
            CREATE TRIGGER jobs_queued_notify AFTER INSERT ON jobs REFERENCING NEW TABLE AS queued_now
                FOR EACH STATEMENT EXECUTE FUNCTION notify_jobs_queued();

            -- 7. Every role that changes cases or jobs calls require_one_row (functions are not granted to PUBLIC since 0006).
            GRANT EXECUTE ON FUNCTION require_one_row(bigint, text) TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor;

            """

    @Test("a database of the previous release (0001–0005 and 0008 in its other shipped text) upgrades to every migration, lower numbers included")
    func upgradesThePreviousRelease() async throws {
        let database = try await TestDatabase.create("migrate_upgrade")
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        let all = try MigrationFiles.load(from: folder)
        for migration in all where !Self.previousRelease.contains(where: { migration.name.hasPrefix($0) }) {
            try FileManager.default.removeItem(at: folder.appendingPathComponent("\(migration.name).sql"))
        }
        // That release shipped 0008's other text: the file's, then two parts that 0011 applies too.
        let file0008 = folder.appendingPathComponent("0008_case_list_paths.sql")
        let otherText = try String(contentsOf: file0008, encoding: .utf8) + Self.parts6And7Of0008
        try otherText.write(to: file0008, atomically: true, encoding: .utf8)
        let released = try await Migrator(configuration: database.configuration, migrations: try MigrationFiles.load(from: folder),
                                          logger: logger).migrate()
        #expect(released.count == Self.previousRelease.count)
        let checking = try await PostgresConnection.connect(database.configuration, logger: logger)
        let otherChecksum = try await Migrator.checksum(of: otherText, on: checking)
        await checking.close()
        #expect(Migrator.earlierReleasedChecksums["0008_case_list_paths"]?.contains(otherChecksum) == true)

        let current = Migrator(configuration: database.configuration,
                               migrations: try MigrationFiles.load(from: TestDatabase.repositoryRoot.appendingPathComponent("migrations")),
                               logger: logger)
        let upgraded = try await current.migrate()
        #expect(upgraded == all.map(\.name).filter { name in !Self.previousRelease.contains { name.hasPrefix($0) } })
        #expect(try await current.status().allSatisfy { $0.state == .applied })
        let connection = try await PostgresConnection.connect(database.configuration, logger: logger)
        let granted = try await connection.query("""
            SELECT has_function_privilege('permit_worker', 'require_one_row(bigint, text)', 'EXECUTE')
               AND has_function_privilege('permit_clerk', 'require_one_row(bigint, text)', 'EXECUTE') AS granted,
                   (SELECT count(*)::int FROM pg_proc p WHERE p.proname = 'require_one_row'
                       AND p.proowner = 'permit_owner'::regrole) AS owned
            """)
        await connection.close()
        #expect(try granted.first?.decode("granted", as: Bool.self) == true)
        #expect(try granted.first?.decode("owned", as: Int.self) == 1)
        await database.drop()
    }

    @Test func refusesAnAppliedFileThatChanged() async throws {
        let database = try await TestDatabase.create("migrate_changed")
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Migrator(configuration: database.configuration, migrations: try MigrationFiles.load(from: folder),
                           logger: logger).migrate()

        let first = folder.appendingPathComponent("0001_reference_data.sql")
        try (String(contentsOf: first, encoding: .utf8) + "\n-- edited afterwards\n").write(to: first, atomically: true, encoding: .utf8)
        try "CREATE TABLE should_not_exist (id int);".write(to: folder.appendingPathComponent("0099_later.sql"),
                                                            atomically: true, encoding: .utf8)
        let migrator = Migrator(configuration: database.configuration, migrations: try MigrationFiles.load(from: folder), logger: logger)
        await #expect(throws: MigrationError.self) { try await migrator.migrate() }
        do {
            try await migrator.migrate()
        } catch let error as MigrationError {
            #expect(error.code == .changedAfterApply)
            #expect(error.message.contains("0001_reference_data"))
        }
        #expect(try await !tables(database).contains("should_not_exist"))
        #expect(try await migrator.status().first { $0.name == "0001_reference_data" }?.state == .changed)
        await database.drop()
    }

    @Test func aFailingMigrationRollsBackAndStops() async throws {
        let database = try await TestDatabase.create("migrate_failing")
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "CREATE TABLE half_done (id int); SELECT no_such_function();".write(
            to: folder.appendingPathComponent("0098_broken.sql"), atomically: true, encoding: .utf8)
        try "CREATE TABLE after_broken (id int);".write(
            to: folder.appendingPathComponent("0099_after.sql"), atomically: true, encoding: .utf8)
        let migrator = Migrator(configuration: database.configuration, migrations: try MigrationFiles.load(from: folder), logger: logger)
        await #expect(throws: MigrationError.self) { try await migrator.migrate() }
        let present = try await tables(database)
        #expect(present.contains("applications"))
        #expect(!present.contains("half_done"))
        #expect(!present.contains("after_broken"))
        let states = try await migrator.status()
        #expect(states.first { $0.name == "0098_broken" }?.state == .pending)
        await database.drop()
    }

    @Test func refusesBadFileNames() throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "SELECT 1;".write(to: folder.appendingPathComponent("5_oops.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.self) { try MigrationFiles.load(from: folder) }
    }

    @Test func twoMigratorsAtOnceApplyOnce() async throws {
        let database = try await TestDatabase.create("migrate_race")
        let migrations = try MigrationFiles.load(from: TestDatabase.repositoryRoot.appendingPathComponent("migrations"))
        let migrator = Migrator(configuration: database.configuration, migrations: migrations, logger: logger)
        // Hold the advisory lock so both migrators queue behind it, then let them race.
        let holder = try await PostgresConnection.connect(database.configuration, logger: logger)
        try await holder.query("SELECT pg_advisory_lock(\(Migrator.advisoryLockKey))")
        async let first = migrator.migrate()
        async let second = migrator.migrate()
        // Wait until both are blocked on the lock.
        for _ in 0..<200 {
            let waiting = try await holder.query("""
                SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                """).first!.decode("n", as: Int.self)
            if waiting == 2 { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        try await holder.query("SELECT pg_advisory_unlock(\(Migrator.advisoryLockKey))")
        let results = try await [first, second]
        #expect(results.filter { $0 == migrations.map(\.name) }.count == 1)
        #expect(results.filter(\.isEmpty).count == 1)
        let recorded = try await holder.query("SELECT count(*)::int AS n FROM schema_migrations").first!.decode("n", as: Int.self)
        #expect(recorded == migrations.count)
        await holder.close()
        await database.drop()
    }
}
