import Hummingbird
import Postgres

/// A dashboard request's context: who signed in, and their pool (set by `LoginMiddleware`).
struct DashboardContext: RequestContext {
    /// Hummingbird's own per-request storage.
    var coreContext: CoreRequestContextStorage
    /// The PostgreSQL login the request runs as.
    var login: String?
    /// That login's pool; every query runs on it, in a read-only transaction.
    var pool: PostgresPool?

    init(source: Source) {
        coreContext = .init(source: source)
    }

    /// The signed-in pool, or a 401 (a route reached without `LoginMiddleware` is a programming error shown safely).
    func signedInPool() throws -> PostgresPool {
        guard let pool else { throw HTTPError(.unauthorized) }
        return pool
    }
}
