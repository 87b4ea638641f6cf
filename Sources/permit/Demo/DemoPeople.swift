import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// A demo staff member acting through their own login.
struct DemoPerson: Sendable {
    /// Their name in history.
    let name: String
    /// A pool connected as their login.
    let pool: PostgresPool
    /// The case door on that pool.
    let cases: CaseRepository

    /// Fires `event` on a case as this person (the database records them as the actor).
    func apply(_ event: CaseEvent, to caseID: UUID) async throws {
        try await cases.apply(event, to: caseID, at: Date())
    }
}

/// The demo's staff, each signed in with a fresh password, and the demo worker.
struct DemoPeople: Sendable {
    let clerk: DemoPerson, reviewer: DemoPerson, approver: DemoPerson, supervisor: DemoPerson
    /// A pool connected as the demo worker's login.
    let worker: PostgresPool

    /// Gives every demo login a fresh password (through the operator's `pool`), has each person choose their own
    /// as `permit password` does, and opens a pool per person.
    static func signIn(_ file: DemoSeedFile, server: PostgresConfiguration, operator pool: PostgresPool, logger: Logger) async throws -> DemoPeople {
        var pools: [String: (name: String, pool: PostgresPool)] = [:]
        do {
            for person in file.staff {
                let reset = try await StaffDirectory.resetPassword(login: person.login, at: Date(), pool: pool)
                var configuration = server.login(person.login, password: reset.oneTimePassword)
                if person.role != .worker {
                    let own = StaffDirectory.generatedPassword()
                    let first = PostgresPool(configuration: configuration, maxConnections: 1, logger: logger)
                    do {
                        try await StaffDirectory.setOwnPassword(own, pool: first)
                        await first.close()
                    } catch {
                        await first.close()
                        throw error
                    }
                    configuration = server.login(person.login, password: own)
                }
                pools[person.role.rawValue + (pools[person.role.rawValue] == nil ? "" : "2")] =
                    (person.name, PostgresPool(configuration: configuration, maxConnections: 2, logger: logger))
            }
        } catch {
            // The pools already opened for earlier people are closed before the failure is passed on.
            for entry in pools.values { await entry.pool.close() }
            throw error
        }
        guard ["clerk", "caseworker", "caseworker2", "supervisor", "worker"].allSatisfy({ pools[$0] != nil }) else {
            for entry in pools.values { await entry.pool.close() }
            throw CommandFailure(.failure, "seeds/demo/demo.json needs a clerk, two caseworkers, a supervisor and a worker")
        }
        func person(_ key: String) throws -> DemoPerson {
            guard let entry = pools[key] else { throw CommandFailure(.failure, "seeds/demo/demo.json has no \(key)") }
            return DemoPerson(name: entry.name, pool: entry.pool, cases: CaseRepository(pool: entry.pool, logger: logger))
        }
        return DemoPeople(clerk: try person("clerk"), reviewer: try person("caseworker"), approver: try person("caseworker2"),
                          supervisor: try person("supervisor"), worker: try person("worker").pool)
    }

    /// Closes every pool.
    func close() async {
        for pool in [clerk.pool, reviewer.pool, approver.pool, supervisor.pool, worker] { await pool.close() }
    }
}
