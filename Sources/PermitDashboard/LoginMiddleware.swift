import Hummingbird
import Logging
import Postgres

/// Lets a request through only with HTTP Basic credentials PostgreSQL accepts for that login (see `LoginPools`);
/// otherwise 401 with a Basic challenge, or 503 when the database cannot be reached.
struct LoginMiddleware: RouterMiddleware {
    typealias Context = DashboardContext

    let pools: LoginPools
    static let challenge = "Basic realm=\"PermitFlow dashboard\", charset=\"UTF-8\""

    func handle(_ request: Request, context: DashboardContext,
                next: (Request, DashboardContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], let credentials = BasicCredentials(header: header) else {
            throw Self.unauthorized("sign in with your PermitFlow (PostgreSQL) login and password")
        }
        let pool: PostgresPool
        do {
            pool = try await pools.pool(for: credentials)
        } catch let refusal as LoginRefusal {
            switch refusal {
            case .unauthorized(let why), .passwordNotChecked(let why): throw Self.unauthorized(why)
            }
        } catch let error as PostgresError where error.isConnectionLost {
            throw HTTPError(.serviceUnavailable, message: "the database cannot be reached; try again shortly")
        }
        var context = context
        context.login = credentials.login
        context.pool = pool
        return try await next(request, context)
    }

    static func unauthorized(_ message: String) -> HTTPError {
        HTTPError(.unauthorized, headers: [.wwwAuthenticate: challenge], message: message)
    }
}

/// The dashboard never changes data: only GET and HEAD reach it; anything else is 405.
struct ReadOnlyMethods<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            throw HTTPError(.methodNotAllowed, headers: [.allow: "GET, HEAD"], message: "the dashboard is read-only")
        }
        var response = try await next(request, context)
        // Personal data: never cached, never framed; the pages need no script and load nothing from elsewhere.
        response.headers[.cacheControl] = "no-store"
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}
