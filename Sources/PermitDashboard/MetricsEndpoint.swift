import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// `GET /metrics` in Prometheus' text format, from a registry, on its own port (loopback by default): what
/// `permit worker --metrics-port` and `permit serve --metrics-port` expose. Counts only, no personal data, no login.
public struct MetricsEndpoint: Service {
    private let registry: PrometheusCollectorRegistry
    private let host: String
    private let port: Int
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// An endpoint for `registry` on `host:port` (port 0: any free port, reported to `onListening`).
    public init(registry: PrometheusCollectorRegistry, host: String = "127.0.0.1", port: Int, logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.registry = registry
        self.host = host
        self.port = port
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until graceful shutdown.
    public func run() async throws {
        let router = Router()
        router.add(middleware: ReadOnlyMethods())
        router.get("/metrics") { [registry] _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "PermitFlow"),
                              onServerRunning: { [onListening] channel in await onListening(channel.localAddress?.port ?? 0) },
                              logger: logger)
        try await app.run()
    }
}
