import ArgumentParser
import Foundation
import Logging
import PermitDashboard
import PermitStore
import Postgres
import ServiceLifecycle

/// `permit serve`: the read-only supervisor dashboard in the browser.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the read-only supervisor dashboard over HTTP (supervisors, operators).",
        discussion: """
            Pages: / (cases by state, the job queue, decision deadlines near and past in working days, open cases per \
            caseworker, decision times p50/p90 over 30 and 90 days, dead jobs) and /cases/ID (facts, checks, \
            endorsements, history, the workflow with the case's path).

            Sign in with your PostgreSQL login and password (HTTP Basic): the dashboard opens its connections AS that \
            login, so the server checks the password and the login's own grants apply; a login the server lets in \
            without a password (trust, peer) is refused. Every query runs in a READ ONLY transaction, only GET and \
            HEAD are served, and nothing is ever written. It listens on loopback: to reach it from other machines put \
            a TLS-terminating proxy in front (Basic credentials must not cross a network in clear text).

            Examples:
              permit serve
              permit serve --port 8081 --metrics-port 9465
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: "An open case is near its decision deadline with at most this many working days left.")
    var nearDays = 2

    @Option(help: "Seconds between samples of the office gauges for --metrics-port.")
    var gaugeSeconds = 15.0

    @OptionGroup var metrics: MetricsOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535 (got \(port))") }
        guard (0...20).contains(nearDays) else { throw ValidationError("--near-days must be between 0 and 20 (got \(nearDays))") }
        guard gaugeSeconds > 0 else { throw ValidationError("--gauge-seconds must be positive") }
    }

    func run() async throws {
        try await CommandContext.run(database, label: "serve") { context in
            let (factory, endpoint) = metrics.bootstrap(logger: context.logger)
            let settings = DashboardSettings(database: context.configuration, host: host, port: port, nearMarginWorkingDays: nearDays)
            let host = self.host
            let dashboard = DashboardService(settings: settings, metrics: factory, logger: context.logger) { port in
                StandardError.write("dashboard on http://\(host):\(port)/ (sign in with your PermitFlow login)")
            }
            var services: [any Service] = [dashboard]
            if let endpoint {
                services.append(endpoint)
                services.append(OfficeGaugeSampler(configuration: context.configuration, gauges: OfficeGauges(factory: factory),
                                                   seconds: gaugeSeconds, logger: context.logger))
            }
            try await ServiceGroup.permit(services, logger: context.logger).run()
        }
    }
}

/// Keeps the office gauges fresh for `permit serve --metrics-port`, as the server's own login (not a browser's).
struct OfficeGaugeSampler: Service {
    let configuration: PostgresConfiguration
    let gauges: OfficeGauges
    let seconds: Double
    let logger: Logger

    func run() async throws {
        let pool = PostgresPool(configuration: configuration, maxConnections: 1, logger: logger)
        await cancelWhenGracefulShutdown {
            await gauges.sampleRepeatedly(every: seconds, pool: pool, logger: logger)
        }
        await pool.close()
    }
}
