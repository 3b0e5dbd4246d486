import CoreMetrics
import SwitchyardCore
import SwitchyardModelAPI

/// What the gateway reports through swift-metrics: model calls, tokens and cost by tenant and model, cache lookups
/// by tier and result, and rate-limit waits. A process that bootstraps a metrics backend (the server bootstraps
/// Prometheus) sees them; without one they cost a no-op.
enum GatewayMetrics {
    /// One answer from a provider (not a cache hit).
    static func answered(tenant: TenantID, model: String, usage: Usage, cost: Double) {
        let dimensions = [("tenant", tenant.rawValue), ("model", model)]
        Counter(label: "switchyard_model_calls_total", dimensions: dimensions).increment()
        Counter(label: "switchyard_model_prompt_tokens_total", dimensions: dimensions)
            .increment(by: Int64(usage.promptTokens))
        Counter(label: "switchyard_model_completion_tokens_total", dimensions: dimensions)
            .increment(by: Int64(usage.completionTokens))
        if cost > 0 {
            FloatingPointCounter(label: "switchyard_model_cost_usd_total", dimensions: dimensions).increment(by: cost)
        }
    }

    /// A cache lookup: `tier` is `exact` or `semantic`, `result` `hit` or `miss`.
    static func cacheLookup(tenant: TenantID, tier: String, result: String) {
        Counter(
            label: "switchyard_cache_lookups_total",
            dimensions: [("tenant", tenant.rawValue), ("tier", tier), ("result", result)]
        ).increment()
    }

    /// Time a request waited for rate-limit capacity.
    static func rateLimitWait(tenant: TenantID, deployment: String, waited: Duration) {
        Timer(
            label: "switchyard_rate_limit_wait_seconds",
            dimensions: [("tenant", tenant.rawValue), ("deployment", deployment)], preferredDisplayUnit: .seconds
        ).recordNanoseconds(Int64(waited.inSeconds * 1e9))
    }
}
