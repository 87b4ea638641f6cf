import Foundation
import Postgres

/// The worker's login on a local cluster (the embedded default, the tests' cluster): `permit_local_worker`, a
/// member of `permit_worker` that the operator's operating-system user reaches by peer authentication.
public enum LocalWorkerLogin {
    /// The login's name (listed in the local cluster's operator roles).
    public static let name = "permit_local_worker"

    /// Creates the login if it is missing, on an operator (superuser) connection; the database must be migrated.
    public static func ensure(on connection: PostgresConnection) async throws {
        let group = try await connection.query("SELECT 1 FROM pg_roles WHERE rolname = 'permit_worker'")
        guard !group.isEmpty else {
            throw StoreError(.notReady, "the database has no PermitFlow roles yet: run `permit migrate` and `permit seed` first")
        }
        // Several databases of one cluster (tests) may create it at the same moment: tolerate that.
        try await connection.execute(simpleSQL: """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(name)') THEN
                    CREATE ROLE \(name) LOGIN IN ROLE permit_worker;
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$
            """)
    }
}
