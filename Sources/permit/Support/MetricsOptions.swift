import ArgumentParser
import CoreMetrics
import Foundation
import Logging
import PermitDashboard
import Prometheus
import ServiceLifecycle

/// `--metrics-port` / `--metrics-host`: expose Prometheus metrics on `GET /metrics` (loopback by default).
struct MetricsOptions: ParsableArguments {
    @Option(help: "Serve Prometheus metrics on this port (GET /metrics). Default: no metrics endpoint.")
    var metricsPort: Int?

    @Option(help: "The address the metrics endpoint listens on (loopback by default).")
    var metricsHost = "127.0.0.1"

    func validate() throws {
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be between 0 and 65535 (got \(metricsPort))")
        }
    }

    /// With a port: bootstraps swift-metrics with a Prometheus registry (once per process, here in the executable
    /// only) and returns the factory and the endpoint service; without one, the no-op factory and no service.
    func bootstrap(logger: Logger) -> (factory: any MetricsFactory, endpoint: MetricsEndpoint?) {
        guard let metricsPort else { return (NOOPMetricsHandler.instance, nil) }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60),
        ]
        MetricsSystem.bootstrap(factory)
        let endpoint = MetricsEndpoint(registry: registry, host: metricsHost, port: metricsPort, logger: logger) { port in
            StandardError.write("metrics on http://\(metricsHost):\(port)/metrics")
        }
        return (factory, endpoint)
    }
}

extension ServiceGroup {
    /// A group that shuts down gracefully on SIGTERM/SIGINT and when any of its services ends.
    static func permit(_ services: [any Service], logger: Logger) -> ServiceGroup {
        ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                                           failureTerminationBehavior: .gracefullyShutdownGroup) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
    }
}
