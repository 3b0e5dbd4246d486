import Foundation
import OTel
import ServiceLifecycle
import SwitchyardCore

/// Traces over OTLP/HTTP when the environment asks for them (`OTEL_EXPORTER_OTLP_ENDPOINT` or
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`): a span per request, per run attempt, per node and per model call, with
/// tenant, run, model, tokens, cost and cache status (never prompts, answers or keys). The other `OTEL_*`
/// variables apply as the OpenTelemetry specification says (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`,
/// `OTEL_BSP_SCHEDULE_DELAY`, `OTEL_SERVICE_NAME` …). Logs and metrics keep their own backends (swift-log,
/// `/metrics`).
/// - Parameter environment: Where the variables are read.
/// - Returns: The exporter's service, to run in the application's `ServiceGroup` (it flushes on shutdown); `nil`
///   when tracing is not asked for.
/// - Throws: `invalid_config` for an `OTEL_*` value swift-otel refuses.
public func bootstrapTracing(
    environment: [String: String] = ProcessInfo.processInfo.environment
) throws -> (any Service)? {
    let endpoint = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"]
    guard let endpoint, !endpoint.isEmpty else { return nil }
    var configuration = OTel.Configuration.default
    configuration.serviceName = "switchyard"
    configuration.logs.enabled = false
    configuration.metrics.enabled = false
    configuration.traces.enabled = true
    do {
        return try OTel.bootstrap(configuration: configuration)
    } catch {
        throw SwitchyardError(
            code: .invalidConfig,
            message:
                "tracing could not start from the OTEL_* environment (endpoint \(endpoint.quotedExcerpt(limit: 80))): "
                + "\(error); see docs/server.md, Traces")
    }
}
