import CoreMetrics
import Foundation
import Hummingbird
import Logging
import PermitStore
import Postgres
import ServiceLifecycle

/// `permit serve`: the read-only supervisor dashboard over HTTP, as a swift-service-lifecycle `Service`.
///
/// Every request signs in with HTTP Basic as a PostgreSQL login (see `LoginPools`) and every query runs as that
/// login inside a READ ONLY transaction; only GET and HEAD are served. Pages are rendered on the server: no script,
/// nothing fetched from elsewhere.
public struct DashboardService: Service {
    private let settings: DashboardSettings
    private let metrics: any MetricsFactory
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// Creates the dashboard; `onListening` gets the bound port once the server accepts requests.
    public init(settings: DashboardSettings, metrics: any MetricsFactory = MetricsSystem.factory, logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until graceful shutdown; closes every login's pool on the way out.
    public func run() async throws {
        let pools = LoginPools(base: settings.database, connectionsPerLogin: settings.connectionsPerLogin,
                               idleSeconds: settings.idleSeconds, recheckSeconds: settings.recheckSeconds, logger: logger)
        let app = Application(router: router(pools: pools),
                              configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "PermitFlow"),
                              onServerRunning: { [onListening] channel in await onListening(channel.localAddress?.port ?? 0) },
                              logger: logger)
        do {
            try await app.run()
        } catch {
            await pools.closeAll()
            throw error
        }
        await pools.closeAll()
    }

    func router(pools: LoginPools) -> Router<DashboardContext> {
        let router = Router(context: DashboardContext.self)
        router.add(middleware: RequestMetrics(factory: metrics))
        router.add(middleware: ReadOnlyMethods())
        router.add(middleware: LoginMiddleware(pools: pools))
        let reference = ReferenceCache()
        let margin = settings.nearMarginWorkingDays
        router.get("/") { _, context -> Response in
            let overview = try await OfficeOverview.read(pool: try context.signedInPool(), reference: reference, margin: margin)
            return Self.html(OverviewPage.html(overview, login: context.login))
        }
        router.get("/cases/:id") { _, context -> Response in
            let pool = try context.signedInPool()
            guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
                return Self.html(CasePage.notFound("that is not a case id", login: context.login), status: .badRequest)
            }
            do {
                let detail = try await pool.withTransaction(readOnly: true) { connection in
                    try await CaseQueries.detail(id, at: Date(), reference: reference, on: connection)
                }
                return Self.html(CasePage.html(detail, login: context.login))
            } catch let error as StoreError where error.code == .notFound {
                return Self.html(CasePage.notFound("no case has the id \(id.uuidString.lowercased())", login: context.login),
                                 status: .notFound)
            }
        }
        return router
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }
}
