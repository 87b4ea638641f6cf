import Foundation
import Logging
import PermitCore
@testable import PermitStore
import PermitTestSupport
import Postgres
import Testing

/// Each role may do exactly what it needs, and the database itself refuses the rest, whatever SQL a login sends
/// (psql included): the CLI's checks are a courtesy on top.
@Suite("Roles in the database")
struct RoleTests {
    /// A database with a clerk, two caseworkers, a supervisor, a reader and a worker, each a login of their own, an
    /// issued research case (prepared by the clerk, reviewed by one caseworker, approved by the other), and a case
    /// under review.
    struct Office {
        let db: PermitDatabase
        let clerk: TestLogin, reviewer: TestLogin, approver: TestLogin, supervisor: TestLogin, reader: TestLogin, worker: TestLogin
        let issued: UUID, underReview: UUID

        static func make(_ suite: String) async throws -> Office {
            let db = try await PermitDatabase.create(suite)
            let clerk = try await db.login("Ann Clerk", role: .clerk)
            let reviewer = try await db.login("Bo Wen", role: .caseworker)
            let approver = try await db.login("Cy Lam", role: .caseworker)
            let supervisor = try await db.login("Di Lu", role: .supervisor)
            let reader = try await db.login("Ed Reader", role: .reader)
            let worker = try await db.login("worker", role: .worker)
            let serial = Int.random(in: 1..<900_000_000)
            let employer = try await EmployerRegistry.add(creditCode: Fixtures.creditCode(serial: serial), name: "Institute",
                                                          city: "shenzhen", inHetaoPark: false, pool: db.pool).creditCode
            var ids: [UUID] = []
            for offset in 0..<2 {
                let applicant = try await ApplicantRegistry.add(NewApplicant(
                    nationalID: Fixtures.nationalID(serial: serial % 900 + offset), name: "Applicant \(offset)",
                    birthDate: CivilDate(iso: "1985-03-12")!, workCity: "shenzhen", employerCode: employer,
                    eepNumber: "CA\(2_000_000 + serial % 1000 * 10 + offset)", eepExpiresOn: CivilDate(iso: "2036-01-01")!),
                    at: Date(), pool: db.pool)
                // The second case is prepared by a caseworker, so that no four-eyes rule stands between the clerk and it.
                ids.append(try await Office.caseUnderReview(applicant, db: db, preparer: offset == 0 ? clerk : approver,
                                                            reviewer: reviewer, worker: worker))
            }
            let approverPool = db.pool(for: approver), workerPool = db.pool(for: worker)
            try await CaseRepository(pool: approverPool, logger: db.logger).apply(.approve(note: nil), to: ids[0], at: Date())
            try await CaseRepository(pool: workerPool, logger: db.logger).apply(.issue, to: ids[0], by: .system, at: Date())
            await approverPool.close()
            await workerPool.close()
            return Office(db: db, clerk: clerk, reviewer: reviewer, approver: approver, supervisor: supervisor, reader: reader,
                          worker: worker, issued: ids[0], underReview: ids[1])
        }

        /// Opens and submits (the preparer), screens (the worker), receives the documents (the preparer), screens again
        /// and starts the review (a caseworker): each step as its own login.
        static func caseUnderReview(_ applicant: UUID, db: PermitDatabase, preparer: TestLogin, reviewer: TestLogin,
                                    worker: TestLogin) async throws -> UUID {
            let clerkPool = db.pool(for: preparer), reviewerPool = db.pool(for: reviewer), workerPool = db.pool(for: worker)
            defer { Task { await clerkPool.close(); await reviewerPool.close(); await workerPool.close() } }
            let asClerk = CaseRepository(pool: clerkPool, logger: db.logger)
            let id = try await asClerk.open(NewCase(applicantID: applicant, category: .research, destinations: [.hongKong]), at: Date())
                .caseFile.id
            try await asClerk.apply(.submit, to: id, at: Date())
            try await screen(id, workerPool: workerPool, logger: db.logger)
            try await asClerk.apply(.receiveDocuments([.employmentCertificate, .titleCertificate]), to: id, at: Date())
            try await screen(id, workerPool: workerPool, logger: db.logger)
            try await CaseRepository(pool: reviewerPool, logger: db.logger).apply(.startReview, to: id, at: Date())
            return id
        }

        /// Screening as the worker does it, as the worker's login: begin if submitted, then what the checks decide.
        static func screen(_ id: UUID, workerPool: PostgresPool, logger: Logger) async throws {
            let cases = CaseRepository(pool: workerPool, logger: logger)
            _ = try await workerPool.withTransaction { connection in
                try await cases.screen(try await cases.read(id, on: connection), at: Date(), on: connection)
            }
        }

        /// Runs `sql` in a transaction as `login`; the error the database answers with, or nil when it was accepted.
        func attempt(_ login: TestLogin, _ sql: PostgresQuery...) async -> PostgresError? {
            let pool = db.pool(for: login, maxConnections: 1)
            defer { Task { await pool.close() } }
            do {
                try await pool.withTransaction { connection in
                    for statement in sql { try await connection.query(statement) }
                }
                return nil
            } catch let error as PostgresError {
                return error
            } catch {
                return PostgresError(code: .protocolViolation, message: "\(error)")
            }
        }

        func version(_ id: UUID) async throws -> Int {
            try await db.count("SELECT version AS n FROM applications WHERE id = \(id)")
        }

        func historyRows() async throws -> Int {
            try await db.count("SELECT count(*)::int FROM case_transitions")
        }

        func close() async { await db.close() }
    }

    @Test("a clerk cannot approve or reject, by the door or by hand, under their own name or another's")
    func clerkCannotApprove() async throws {
        let office = try await Office.make("roles_clerk_approve")
        let id = office.underReview, version = try await office.version(office.underReview)
        let rows = try await office.historyRows()
        // Approving or rejecting under their own name (the case was prepared by a caseworker: no four-eyes rule in the
        // way), or approving under a supervisor's.
        for (actor, event, state) in [(office.clerk.name, "approve", "approved"), (office.clerk.name, "reject", "rejected"),
                                      (office.supervisor.name, "approve", "approved")] {
            let error = await office.attempt(office.clerk,
                "UPDATE applications SET state = \(state), reason_code = 'x_y', version = version + 1 WHERE id = \(id)",
                """
                INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, reason_code, at)
                VALUES (\(id), \(version + 1), 'under_review', \(state), \(event), \(actor), 'x_y', now())
                """)
            #expect(error?.sqlState == SQLState.insufficientPrivilege, "\(event) as \(actor): \(String(describing: error))")
        }
        let clerkPool = office.db.pool(for: office.clerk)
        await #expect(throws: StoreError.self) {
            try await CaseRepository(pool: clerkPool, logger: office.db.logger).apply(.approve(note: nil), to: id, at: Date())
        }
        await clerkPool.close()
        #expect(try await office.version(id) == version)
        #expect(try await office.historyRows() == rows)
        await office.close()
    }

    @Test("only a supervisor revokes: a clerk's or caseworker's revocation is refused by the database")
    func onlySupervisorsRevoke() async throws {
        let office = try await Office.make("roles_revoke")
        let number = try await office.db.pool.withConnection { connection in
            try await connection.query("SELECT number FROM endorsements WHERE case_id = \(office.issued)").first!.decode("number", as: String.self)
        }
        for login in [office.clerk, office.reviewer, office.reader] {
            let update = await office.attempt(login,
                "UPDATE endorsements SET status = 'revoked', reason_code = 'x_y', status_changed_at = now() WHERE number = \(number)")
            #expect(update?.sqlState == SQLState.insufficientPrivilege, "\(login.name): \(String(describing: update))")
            let event = await office.attempt(login, """
                INSERT INTO endorsement_events (number, seq, from_status, to_status, actor, reason_code, at)
                VALUES (\(number), 2, 'active', 'revoked', \(login.name), 'x_y', now())
                """)
            #expect(event?.sqlState == SQLState.insufficientPrivilege, "\(login.name): \(String(describing: event))")
        }
        // A supervisor may, only for an active endorsement, and only in their own name.
        let impersonated = await office.attempt(office.supervisor, """
            INSERT INTO endorsement_events (number, seq, from_status, to_status, actor, reason_code, at)
            VALUES (\(number), 2, 'active', 'revoked', \(office.clerk.name), 'x_y', now())
            """)
        #expect(impersonated?.sqlState == SQLState.insufficientPrivilege)
        let supervisorPool = office.db.pool(for: office.supervisor)
        try await EndorsementRevocation.revoke(number, reason: "registration_cancelled", note: nil, at: Date(), pool: supervisorPool)
        await supervisorPool.close()
        let row = try await office.db.pool.withConnection { connection in
            try await connection.query("SELECT status, (SELECT actor || '/' || login FROM endorsement_events WHERE number = e.number AND seq = 2) AS who FROM endorsements e WHERE number = \(number)").first!
        }
        #expect(try row.decode("status", as: String.self) == "revoked")
        #expect(try row.decode("who", as: String.self) == "\(office.supervisor.name)/\(office.supervisor.login)")
        let again = await office.attempt(office.supervisor,
            "UPDATE endorsements SET status = 'active', reason_code = NULL WHERE number = \(number)")
        #expect(again?.sqlState == SQLState.insufficientPrivilege || again == nil)
        #expect(try await office.db.count("SELECT count(*)::int FROM endorsements WHERE number = \(number) AND status = 'revoked'") == 1)
        await office.close()
    }

    @Test("nobody but the owner may update, delete or truncate history")
    func historyIsAppendOnlyForEveryRole() async throws {
        let office = try await Office.make("roles_history")
        let rows = try await office.historyRows()
        for login in [office.clerk, office.reviewer, office.supervisor, office.worker, office.reader] {
            for sql: PostgresQuery in [
                "UPDATE case_transitions SET note = 'rewritten' WHERE case_id = \(office.issued)",
                "DELETE FROM case_transitions WHERE case_id = \(office.issued)",
                "TRUNCATE case_transitions CASCADE",
                "UPDATE endorsement_events SET note = 'rewritten'",
                "DELETE FROM audit_checkpoints",
            ] {
                let error = await office.attempt(login, sql)
                #expect(error?.sqlState == SQLState.insufficientPrivilege, "\(login.name): \(sql.sql): \(String(describing: error))")
            }
        }
        #expect(try await office.historyRows() == rows)
        await office.close()
    }

    @Test("a history row names its own login and actor: impersonation and a quiet edit of a case are refused")
    func historyNamesTheLogin() async throws {
        let office = try await Office.make("roles_actor")
        let id = office.underReview, version = try await office.version(id)
        // A caseworker writing an escalation as someone else; the worker writing a person's decision.
        for (login, actor, event, to) in [(office.reviewer, office.supervisor.name, "escalate", "escalated"),
                                          (office.worker, office.supervisor.name, "approve", "approved")] {
            let error = await office.attempt(login,
                "UPDATE applications SET state = \(to), version = version + 1 WHERE id = \(id)",
                """
                INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, at)
                VALUES (\(id), \(version + 1), 'under_review', \(to), \(event), \(actor), now())
                """)
            #expect(error?.sqlState == SQLState.insufficientPrivilege, "\(login.name) as \(actor): \(String(describing: error))")
        }
        // A caseworker's own escalation, with a forged login column: the database records the real one.
        #expect(await office.attempt(office.reviewer,
            "UPDATE applications SET state = 'escalated', version = version + 1 WHERE id = \(id)",
            """
            INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, login, at)
            VALUES (\(id), \(version + 1), 'under_review', 'escalated', 'escalate', \(office.reviewer.name), 'someone_else', now())
            """) == nil)
        let login = try await office.db.pool.withConnection { connection in
            try await connection.query("SELECT login FROM case_transitions WHERE case_id = \(id) AND seq = \(version + 1)")
                .first!.decode("login", as: String.self)
        }
        #expect(login == office.reviewer.login)
        // A change of the case with no history row, by a login allowed to update cases.
        let quiet = await office.attempt(office.reviewer, "UPDATE applications SET assignee = \(office.reviewer.name) WHERE id = \(id)")
        #expect(quiet?.constraint == "history_written")
        await office.close()
    }

    @Test("only a login that may act writes history: not a deactivated member, not one without their own password, not a superuser under SET ROLE")
    func historyNeedsALoginThatMayAct() async throws {
        let office = try await Office.make("roles_may_act")
        let id = office.underReview, version = try await office.version(id)
        let escalation: [PostgresQuery] = [
            "UPDATE applications SET state = 'escalated', version = version + 1 WHERE id = \(id)",
            """
            INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, at)
            VALUES (\(id), \(version + 1), 'under_review', 'escalated', 'escalate', \(office.reviewer.name), now())
            """]
        func escalate(as login: TestLogin) async -> PostgresError? {
            await office.attempt(login, escalation[0], escalation[1])
        }
        // Deactivated while a session is open, and (another time) back to a first password never replaced.
        for change in ["active = false", "password_set_at = NULL"] {
            let login = office.reviewer.login
            _ = try await office.db.pool.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "UPDATE staff SET \(change) WHERE login = $1", binds: [login]))
            }
            let error = await escalate(as: office.reviewer)
            #expect(error?.sqlState == SQLState.insufficientPrivilege, "\(change): \(String(describing: error))")
            _ = try await office.db.pool.withConnection { connection in
                try await connection.query("UPDATE staff SET active = true, password_set_at = now() WHERE login = \(login)")
            }
        }
        // A superuser's session taking the worker's role is still a superuser's: nobody, not `system`.
        func reminder(at version: Int, in state: String) -> [PostgresQuery] {
            ["UPDATE applications SET version = version + 1 WHERE id = \(id)",
             """
             INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, at)
             VALUES (\(id), \(version + 1), \(state), \(state), 'renewal_reminder', 'system', now())
             """]
        }
        let isSuperuser = try await office.db.pool.withConnection { connection in
            try await connection.query("SELECT rolsuper FROM pg_roles WHERE rolname = session_user").first!.decode("rolsuper", as: Bool.self)
        }
        try #require(isSuperuser, "the test database's own pool is expected to be a superuser's")
        var asSuperuser: PostgresError?
        do {
            let statements = reminder(at: version, in: "under_review")
            try await office.db.pool.withTransaction { connection in
                try await connection.query("SET LOCAL ROLE permit_worker")
                for statement in statements { try await connection.query(statement) }
            }
        } catch let error as PostgresError {
            asSuperuser = error
        }
        #expect(asSuperuser?.sqlState == SQLState.insufficientPrivilege, "\(String(describing: asSuperuser))")
        // The same rows from the logins themselves are accepted: the refusals above were the sessions'.
        #expect(await escalate(as: office.reviewer) == nil)
        let reminded = reminder(at: version + 1, in: "escalated")
        #expect(await office.attempt(office.worker, reminded[0], reminded[1]) == nil)
        #expect(try await office.version(id) == version + 2)
        await office.close()
    }

    @Test("a session's own temporary tables cannot stand in for staff, applications or the purpose")
    func temporaryTablesChangeNothing() async throws {
        let office = try await Office.make("roles_temp_tables")
        let id = office.underReview, version = try await office.version(id)
        // A clerk names themself a supervisor in a temporary `staff`, then escalates-and-decides as one.
        let asSupervisor = await office.attempt(office.clerk,
            "CREATE TEMP TABLE staff AS SELECT * FROM public.staff",
            "UPDATE pg_temp.staff SET role = 'supervisor' WHERE login = session_user",
            "SET LOCAL search_path = pg_temp, public",
            "UPDATE applications SET state = 'rejected', reason_code = 'x_y', version = version + 1 WHERE id = \(id)",
            """
            INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, reason_code, at)
            VALUES (\(id), \(version + 1), 'under_review', 'rejected', 'reject', \(office.clerk.name), 'x_y', now())
            """)
        #expect(asSupervisor?.sqlState == SQLState.insufficientPrivilege, "\(String(describing: asSupervisor))")
        // The caseworker who reviewed the case hides that behind a temporary `applications` and approves it.
        let hidden = await office.attempt(office.reviewer,
            "CREATE TEMP TABLE applications AS SELECT * FROM public.applications",
            "UPDATE pg_temp.applications SET reviewed_by = NULL, prepared_by = NULL, preparers = '{}'",
            "SET LOCAL search_path = pg_temp, public",
            "UPDATE public.applications SET state = 'approved', version = version + 1 WHERE id = \(id)",
            """
            INSERT INTO public.case_transitions (case_id, seq, from_state, to_state, event, actor, at)
            VALUES (\(id), \(version + 1), 'under_review', 'approved', 'approve', \(office.reviewer.name), now())
            """)
        #expect(hidden?.constraint == "four_eyes", "\(String(describing: hidden))")
        // A backdated row in production, behind a temporary `database_purpose` saying training.
        let backdated = await office.attempt(office.reviewer,
            "CREATE TEMP TABLE database_purpose AS SELECT * FROM public.database_purpose",
            "UPDATE pg_temp.database_purpose SET purpose = 'training'",
            "SET LOCAL search_path = pg_temp, public",
            "UPDATE public.applications SET state = 'escalated', version = version + 1 WHERE id = \(id)",
            """
            INSERT INTO public.case_transitions (case_id, seq, from_state, to_state, event, actor, at)
            VALUES (\(id), \(version + 1), 'under_review', 'escalated', 'escalate', \(office.reviewer.name), now() - interval '30 days')
            """)
        #expect(backdated?.constraint == "acting_time_in_production", "\(String(describing: backdated))")
        #expect(try await office.version(id) == version)
        await office.close()
    }

    @Test("a reader reads with national IDs masked and writes nothing; staff functions are for supervisors with their own password")
    func readersAndStaffFunctions() async throws {
        let office = try await Office.make("roles_reader")
        let direct = await office.attempt(office.reader, "SELECT national_id FROM applicants")
        #expect(direct?.sqlState == SQLState.insufficientPrivilege)
        let readerPool = office.db.pool(for: office.reader)
        let masked = try await readerPool.withConnection { connection in
            try await connection.query("SELECT national_id FROM applicant_directory ORDER BY national_id").map { try $0.decode("national_id", as: String.self) }
        }
        await readerPool.close()
        #expect(masked.count == 2 && masked.allSatisfy { $0.count == 18 && $0.contains("********") }, "\(masked)")
        let clerkPool = office.db.pool(for: office.clerk)
        let full = try await clerkPool.withConnection { connection in
            try await connection.query("SELECT national_id FROM applicant_directory").map { try $0.decode("national_id", as: String.self) }
        }
        await clerkPool.close()
        #expect(full.allSatisfy { !$0.contains("*") })
        #expect(await office.attempt(office.reader, "INSERT INTO cities (key, name_en) VALUES ('atlantis', 'Atlantis')")?.sqlState
                == SQLState.insufficientPrivilege)
        #expect(await office.attempt(office.reader, "UPDATE applications SET version = version + 1")?.sqlState == SQLState.insufficientPrivilege)

        let verifier = "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy"
        let byClerk = await office.attempt(office.clerk, "SELECT permit_add_staff('Eve', \(office.db.loginName("eve")), 'supervisor', 'password', \(verifier), NULL)")
        #expect(byClerk?.sqlState == SQLState.insufficientPrivilege, "\(String(describing: byClerk))")
        // A supervisor who still has a one-time password may not add staff either.
        let fresh = office.db.loginName("fresh")
        let first = StaffDirectory.generatedPassword()
        _ = try await StaffDirectory.add(name: "Fresh Sup", login: fresh, role: .supervisor, password: first, at: Date(), pool: office.db.pool)
        let freshLogin = TestLogin(name: "Fresh Sup", login: fresh, password: first,
                                   configuration: office.db.database.configuration.login(fresh, password: first))
        let early = await office.attempt(freshLogin, "SELECT permit_add_staff('Eve', \(office.db.loginName("eve")), 'clerk', 'password', \(verifier), NULL)")
        #expect(early?.sqlState == SQLState.insufficientPrivilege, "\(String(describing: early))")
        #expect(try await office.db.count("SELECT count(*)::int FROM staff WHERE name = 'Eve'") == 0)
        await office.close()
    }
}

