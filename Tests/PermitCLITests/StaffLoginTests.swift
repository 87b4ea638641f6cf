import Foundation
import PermitStore
import PermitTestSupport
import Testing

/// Staff act as their own logins: the operator adds the first supervisor, who signs in with a one-time password,
/// chooses their own, and adds others; typed names and other people's roles get nothing.
@Suite("permit: staff logins")
struct StaffLoginTests {
    /// `permit staff add … --json` as `actor` (the operator when nil): the one-time password.
    func add(_ permit: PermitProcess, _ name: String, role: String, actor: String? = nil) async throws -> (PermitResult, String?) {
        let login = permit.database.loginName(name)
        let result = try await permit.run(["staff", "add", name, "--login", login, "--role", role, "--json"], actor: actor)
        let json = try? result.json() as? [String: Any]
        return (result, json?["one_time_password"] as? String)
    }

    /// Runs `permit` as `login` with `password`, as a person would with PGUSER and PGPASSWORD.
    func run(_ permit: PermitProcess, _ arguments: [String], login: String, password: String, input: String? = nil) async throws -> PermitResult {
        var environment = PermitProcess.baseEnvironment
        environment["DATABASE_URL"] = permit.database.database.configuration.login(nil).conninfo
        environment["PGUSER"] = login
        environment["PGPASSWORD"] = password
        return try await PermitProcess.launch(arguments, environment: environment, input: input)
    }

    @Test("the operator adds the first supervisor, who must choose a password before acting, then adds a clerk who cannot add staff")
    func firstSupervisorThenStaff() async throws {
        let database = try await PermitDatabase.create("cli_staff_logins")
        defer { Task { await database.close() } }
        let permit = PermitProcess(database: database)
        let supervisor = database.loginName("Li Na")
        let (added, oneTime) = try await add(permit, "Li Na", role: "supervisor")
        #expect(added.status == 0, "\(added)")
        let firstPassword = try #require(oneTime)
        #expect(firstPassword.count == 16)

        // With the one-time password: who am I works, acting does not.
        let who = try await run(permit, ["whoami", "--json"], login: supervisor, password: firstPassword)
        #expect(who.status == 0, "\(who)")
        let identity = try who.json() as? [String: Any]
        #expect(identity?["name"] as? String == "Li Na" && identity?["role"] as? String == "supervisor")
        #expect(identity?["must_set_password"] as? Bool == true)
        let early = try await run(permit, ["staff", "add", "Wang", "--login", database.loginName("wang"), "--role", "clerk"],
                                  login: supervisor, password: firstPassword)
        #expect(early.status == 1 && early.stderr.contains("password_not_set"), "\(early)")
        #expect(try await database.count("SELECT count(*)::int FROM staff WHERE name = 'Wang'") == 0)

        // Too short a password is refused; a good one is taken.
        let short = try await run(permit, ["password", "--stdin"], login: supervisor, password: firstPassword, input: "short\n")
        #expect(short.status == 2 && short.stderr.contains("password"), "\(short)")
        let chosen = try await run(permit, ["password", "--stdin"], login: supervisor, password: firstPassword, input: "li-na-chose-this\n")
        #expect(chosen.status == 0, "\(chosen)")
        let stale = try await run(permit, ["whoami"], login: supervisor, password: firstPassword)
        #expect(stale.status == 1 && stale.stderr.contains("login_refused"), "\(stale)")

        // The supervisor adds a clerk; the clerk chooses a password and acts as themself, and only as themself.
        var environment = PermitProcess.baseEnvironment
        environment["DATABASE_URL"] = database.database.configuration.login(nil).conninfo
        environment["PGUSER"] = supervisor
        environment["PGPASSWORD"] = "li-na-chose-this"
        let clerkLogin = database.loginName("Wang Wei")
        let clerkAdded = try await PermitProcess.launch(["staff", "add", "Wang Wei", "--login", clerkLogin, "--role", "clerk", "--json"],
                                                        environment: environment)
        #expect(clerkAdded.status == 0, "\(clerkAdded)")
        let clerkFirst = try #require((try clerkAdded.json() as? [String: Any])?["one_time_password"] as? String)
        #expect(try await run(permit, ["password", "--stdin"], login: clerkLogin, password: clerkFirst, input: "wang-wei-password\n").status == 0)
        let byClerk = try await run(permit, ["staff", "add", "Eve", "--login", database.loginName("eve"), "--role", "supervisor"],
                                    login: clerkLogin, password: "wang-wei-password")
        #expect(byClerk.status == 1 && byClerk.stderr.contains("role_not_allowed"), "\(byClerk)")
        // A typed name and PERMIT_ACTOR change nothing.
        let typed = try await run(permit, ["staff", "add", "Eve", "--login", database.loginName("eve"), "--role", "supervisor", "--as", "Li Na"],
                                  login: clerkLogin, password: "wang-wei-password")
        #expect(typed.status == 2 && typed.stderr.contains("--as"), "\(typed)")
        // …and is refused before anything connects: no server needed, no password asked.
        var nowhere = PermitProcess.baseEnvironment
        nowhere["DATABASE_URL"] = "host=/nonexistent-permitflow-socket dbname=permitflow"
        let unreachable = try await PermitProcess.launch(["case", "submit", UUID().uuidString, "--as", "Li Na"], environment: nowhere)
        #expect(unreachable.status == 2 && unreachable.stderr.contains("--as"), "\(unreachable)")
        var pretending = environment
        pretending["PGUSER"] = clerkLogin
        pretending["PGPASSWORD"] = "wang-wei-password"
        pretending["PERMIT_ACTOR"] = "Li Na"
        let viaEnvironment = try await PermitProcess.launch(["staff", "add", "Eve", "--login", database.loginName("eve"), "--role", "supervisor"],
                                                            environment: pretending)
        #expect(viaEnvironment.status == 1 && viaEnvironment.stderr.contains("PERMIT_ACTOR is ignored"), "\(viaEnvironment)")
        #expect(try await database.count("SELECT count(*)::int FROM staff WHERE name = 'Eve'") == 0)

        let listed = try await PermitProcess.launch(["staff", "list", "--json"], environment: environment)
        let rows = try listed.json() as? [[String: Any]] ?? []
        #expect(rows.contains { $0["login"] as? String == clerkLogin && $0["role"] as? String == "clerk" && $0["password_set"] as? Bool == true })

        // Deactivated: the clerk can no longer connect. Reset: a new one-time password works.
        #expect(try await PermitProcess.launch(["staff", "deactivate", clerkLogin], environment: environment).status == 0)
        let gone = try await run(permit, ["whoami"], login: clerkLogin, password: "wang-wei-password")
        #expect(gone.status == 1 && gone.stderr.contains("login_refused"), "\(gone)")
        let reset = try await PermitProcess.launch(["staff", "reset", clerkLogin, "--json"], environment: environment)
        let again = try #require((try reset.json() as? [String: Any])?["one_time_password"] as? String)
        let back = try await run(permit, ["whoami", "--json"], login: clerkLogin, password: again)
        #expect((try back.json() as? [String: Any])?["must_set_password"] as? Bool == true, "\(back)")
    }

    @Test("bad staff input: a reserved or taken login, an unknown role, a name already given a login")
    func badStaffInput() async throws {
        let database = try await PermitDatabase.create("cli_staff_bad")
        defer { Task { await database.close() } }
        let permit = PermitProcess(database: database)
        for (login, mentions) in [("postgres", "login"), ("permit_owner", "login"), ("Upper", "login"), ("9lives", "login")] {
            let result = try await permit.run("staff", "add", "X", "--login", login, "--role", "clerk")
            #expect(result.status == 2 && result.stderr.contains(mentions), "\(login): \(result)")
        }
        let role = try await permit.run("staff", "add", "X", "--login", database.loginName("x"), "--role", "admin")
        #expect(role.status == 2 && role.stderr.contains("--role"), "\(role)")
        #expect(try await add(permit, "Zhao", role: "caseworker").0.status == 0)
        let twice = try await permit.run("staff", "add", "Zhao", "--login", database.loginName("zhao2"), "--role", "caseworker")
        #expect(twice.status == 2 && twice.stderr.contains("name"), "\(twice)")
        let taken = try await permit.run("staff", "add", "Zhao Two", "--login", database.loginName("zhao"), "--role", "caseworker")
        #expect(taken.status == 2 && taken.stderr.contains("already exists"), "\(taken)")
        #expect(try await database.count("SELECT count(*)::int FROM staff WHERE role <> 'system'") == 1)
    }
}
