import Foundation
import Logging
import PermitCore
@testable import PermitDashboard
import PermitStore
import Postgres
import Prometheus
import Synchronization

/// A running `permit serve` (in process) on the suite's scram cluster, with a metrics registry of its own.
struct DashboardHarness {
    let port: Int
    let registry: PrometheusCollectorRegistry
    let task: Task<Void, any Error>

    static func start(database: PostgresConfiguration, logger: Logger) async throws -> DashboardHarness {
        let registry = PrometheusCollectorRegistry()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let service = DashboardService(settings: DashboardSettings(database: database, port: 0),
                                       metrics: PrometheusMetricsFactory(registry: registry), logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let task = Task { try await service.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw HTTPFailure(message: "the dashboard did not start") }
        return DashboardHarness(port: port, registry: registry, task: task)
    }

    func stop() {
        task.cancel()
    }

    /// GET (or another method) of `path`, with Basic credentials when given.
    func fetch(_ path: String, login: String? = nil, password: String? = nil, method: String = "GET") async throws -> HTTPReply {
        try await HTTPReply.fetch(port: port, path, login: login, password: password, method: method)
    }
}

/// A status, headers and body fetched over loopback.
struct HTTPReply {
    let status: Int
    let headers: [String: String]
    let body: String

    static func fetch(port: Int, _ path: String, login: String? = nil, password: String? = nil,
                      method: String = "GET") async throws -> HTTPReply {
        var headers: [String: String] = [:]
        if let login, let password {
            headers["Authorization"] = "Basic " + Data("\(login):\(password)".utf8).base64EncodedString()
        }
        let reply = try await LoopbackHTTP.request(port: port, path: path, method: method, headers: headers)
        return HTTPReply(status: reply.status, headers: reply.headers, body: reply.body)
    }

    /// The number in the element marked `data-metric="name"`, or nil.
    func metric(_ name: String) -> Int? {
        HTMLNumbers.value(name, in: body)
    }
}

/// Reads the numbers a page marks with `data-metric` (the same reading the Chromium test does on the rendered DOM).
enum HTMLNumbers {
    static func value(_ name: String, in html: String) -> Int? {
        let marker = "data-metric=\"\(name.markupEscaped)\">"
        guard let range = html.range(of: marker) else { return nil }
        let digits = html[range.upperBound...].prefix { $0.isNumber || $0 == "-" }
        return Int(digits)
    }

    /// The `data-days-left` of the deadline row of case `id`, or nil when the case is not listed.
    static func daysLeft(of id: UUID, in html: String) -> Int? {
        guard let row = html.range(of: "data-case=\"\(id.uuidString.lowercased())\"") else { return nil }
        guard let cell = html.range(of: "data-days-left=\"", range: row.upperBound..<html.endIndex) else { return nil }
        return Int(html[cell.upperBound...].prefix { $0.isNumber || $0 == "-" })
    }
}

struct HTTPFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// One sample of a Prometheus text exposition: `name{labels} value`.
enum PrometheusText {
    /// The value of the sample whose name and labels start with `prefix` (e.g. `permit_jobs_completed_total{kind="screen"}`).
    static func value(_ prefix: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(prefix + " ") || line == Substring(prefix) {
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }
}
