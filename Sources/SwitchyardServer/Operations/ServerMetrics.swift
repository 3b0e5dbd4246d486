import Foundation
import Hummingbird
import Metrics
import Prometheus
import SwitchyardCore
import SwitchyardRuntime

/// `GET /metrics` in Prometheus' text format, for an `admin` key. Request latency by route, method and status comes from Hummingbird's
/// `MetricsMiddleware`; model calls, tokens, cost, cache lookups and rate-limit waits from the gateway; both
/// through swift-metrics into ``registry`` once ``bootstrap()`` has made Prometheus the process's backend. The
/// queue's depth, age and running runs per tenant are read from the store at each scrape.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    /// Metrics kept in `registry`.
    /// - Parameter registry: Where the metrics are registered and exported from.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// Makes this registry the process's swift-metrics backend. Once per process (swift-metrics' rule): the server
    /// calls it; tests that build many routers do not.
    public func bootstrap() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// A gauge's full name and help (the name is written whole: no namespace or unit parts).
    static func gauge(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// The exposition text, with the queue gauges refreshed from `store`.
    func scrape(store: (any RunStore)?) async throws -> String {
        if let store {
            let now = Date()
            for depth in try await store.queueDepth() {
                let tenant = [("tenant", depth.tenant.rawValue)]
                registry.makeGauge(
                    descriptor: Self.gauge("switchyard_runs_queued", "Runs waiting in the queue"), labels: tenant
                )
                .set(Double(depth.queued))
                registry.makeGauge(
                    descriptor: Self.gauge("switchyard_runs_running", "Runs held by a worker"), labels: tenant
                )
                .set(Double(depth.running))
                registry.makeGauge(
                    descriptor: Self.gauge(
                        "switchyard_queue_oldest_age_seconds", "Age of the oldest queued run (0 when none)"),
                    labels: tenant
                ).set(depth.oldestQueued.map { now.timeIntervalSince($0) } ?? 0)
            }
        }
        return registry.emitToString()
    }

    /// `GET /metrics`, for an `admin` key (the labels name tenants; Prometheus sends the key as its bearer token).
    func addRoute(to router: Router<SwitchyardRequestContext>, store: (any RunStore)?) {
        router.group("metrics", context: TenantRequestContext.self).add(middleware: RequireScope(.admin))
            .get { _, _ -> Response in
                Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: try await self.scrape(store: store))))
            }
    }
}
