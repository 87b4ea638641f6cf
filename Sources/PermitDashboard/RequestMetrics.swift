import CoreMetrics
import Hummingbird

/// Counts and times the dashboard's requests by route and status (`permit_http_requests_total`,
/// `permit_http_request_duration_seconds`).
struct RequestMetrics<Context: RequestContext>: RouterMiddleware {
    let factory: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let status: Int
        do {
            let response = try await next(request, context)
            status = response.status.code
            record(route: context.endpointPath, status: status, since: started)
            return response
        } catch let error as HTTPResponseError {
            record(route: context.endpointPath, status: error.status.code, since: started)
            throw error
        } catch {
            record(route: context.endpointPath, status: 500, since: started)
            throw error
        }
    }

    private func record(route: String?, status: Int, since started: ContinuousClock.Instant) {
        let route = route ?? "unmatched"
        Counter(label: "permit_http_requests_total", dimensions: [("route", route), ("status", String(status))], factory: factory).increment()
        let elapsed = ContinuousClock.now - started
        Timer(label: "permit_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
