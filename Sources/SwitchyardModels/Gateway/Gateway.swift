import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import Tracing

/// The one door every model call goes through: route → exact cache → budget → redaction → rate limiter →
/// provider (with retries, fallbacks and cooldowns) → cost ledger.
public struct Gateway: Sendable {
    public let router: ModelRouter
    public let clients: [String: any ProviderClient]
    public let limiter: RateLimiter
    public let ledger: CostLedger
    public let health: DeploymentHealth
    public let cache: any ResponseCacheStore
    public let redactor: Redactor
    public let options: Options
    /// The timer for the gateway's deadlines and rate-limit wake-ups (its limiter's): a `Service` to run in the
    /// application's `ServiceGroup`, or around the calls with ``GatewayTimer/withRunning(_:)``. Calls fail with
    /// `service_not_running` while it does not run.
    public var timer: GatewayTimer { limiter.timer }

    /// Retry and timing settings.
    public struct Options: Sendable {
        /// Attempts per deployment for transient errors (5xx, timeouts, connection failures).
        public var attemptsPerDeployment = 2
        /// Retries of 429s on one deployment (each waits for the limiter, which honours Retry-After).
        public var rateLimitRetries = 8
        /// Base of the jittered backoff between transient retries.
        public var backoff: Duration = .milliseconds(200)
        /// Time limit of one provider call; for a stream, until its first delta.
        public var timeout: Duration = .seconds(120)
        /// Longest wait for a cooling deployment when it is the last candidate.
        public var maxCooldownWait: Duration = .seconds(30)
        /// How long cache entries (exact and semantic) live.
        public var cacheTTL: Duration = .seconds(3600)
        /// The semantic tier; nil (the default) keeps only the exact tier.
        public var semanticCache: SemanticCache?
        /// Tool-call repairs: an invalid tool call is sent back to the model with the validation errors at most
        /// this many times before the call fails with `invalid_tool_call`.
        public var toolCallRetries = 2
        public init() {}

        /// Options from the configuration's `cache` section: `ttl`, and with an `embedder`, the semantic tier
        /// at `semantic_threshold` (default: the measured ``SemanticCache/measuredThreshold``).
        /// - Parameters:
        ///   - cache: The configuration's `cache` section.
        ///   - embedder: The model for the semantic tier; without one there is no semantic tier.
        public init(cache: GatewayConfig.Cache, embedder: (any EmbeddingModel)? = nil) {
            if let ttl = cache.ttl.flatMap(GatewayConfig.duration) { cacheTTL = .seconds(ttl) }
            if let embedder, cache.enabled != false {
                semanticCache = SemanticCache(
                    embedder: embedder, threshold: cache.semanticThreshold ?? SemanticCache.measuredThreshold)
            }
        }
    }

    /// A gateway over `clients`, with the configuration's deployment and tenant limits and budgets applied.
    /// - Parameters:
    ///   - config: Models, routes, tenants and policies.
    ///   - clients: One client per chat model, keyed by model name (``GatewayConfig/makeClients(environment:http:)``).
    ///   - limiter: The rate limiter.
    ///   - ledger: The cost ledger.
    ///   - health: Deployment cooldowns.
    ///   - cache: Where cached answers are kept.
    ///   - options: Timeouts, retries, cache tiers.
    public init(
        config: GatewayConfig, clients: [String: any ProviderClient], limiter: RateLimiter = RateLimiter(),
        ledger: CostLedger = CostLedger(), health: DeploymentHealth = DeploymentHealth(),
        cache: any ResponseCacheStore = InMemoryResponseCache(), options: Options = Options()
    ) async {
        self.router = ModelRouter(config: config)
        self.clients = clients
        self.limiter = limiter
        self.ledger = ledger
        self.health = health
        self.cache = cache
        self.redactor = Redactor(policy: config.redaction)
        self.options = options
        for model in config.models {
            if let limits = model.limits {
                limiter.configure(
                    deployment: model.name,
                    limits: .init(requestsPerMinute: limits.rpm, tokensPerMinute: limits.tpm))
            }
        }
        for (name, tenant) in config.tenants {
            guard let id = try? TenantID(name) else { continue }
            if let limits = tenant.limits {
                limiter.configure(
                    tenant: id, limits: .init(requestsPerMinute: limits.rpm, tokensPerMinute: limits.tpm))
            }
            if let budget = tenant.budget, let seconds = GatewayConfig.duration(budget.period) {
                ledger.setBudget(.init(limit: budget.usd, period: .seconds(seconds)), for: id)
            }
        }
    }

    /// A rough token count for reservations: ~4 characters per token plus per-message overhead.
    /// - Parameter request: The request to estimate.
    public static func estimateTokens(_ request: ChatRequest) -> Int {
        var chars = 0
        for m in request.messages {
            chars += m.content.utf8.count + 16 + m.toolCalls.reduce(0) { $0 + $1.arguments.jsonText.utf8.count }
        }
        for t in request.tools { chars += t.description.utf8.count + t.parameters.jsonText.utf8.count }
        return chars / 4 + 8
    }

    static let epoch = ContinuousClock.now
    static var monotonic: Double { (ContinuousClock.now - epoch).inSeconds }

    /// Answers a request for `context`'s tenant. Tool calls in the answer have been validated against the
    /// request's tools (invalid ones are sent back to the model, at most ``Options/toolCallRetries`` times, then
    /// `invalid_tool_call`); `cache` says whether the answer came from the cache.
    /// - Parameters:
    ///   - request: The request: messages, tools, schema, and a model name or task.
    ///   - context: The caller: tenant, tier, run, cost ceiling.
    /// - Throws: `service_not_running` when the timer is not running; `invalid_tool_schema`; `unknown_model` or
    ///   `no_route` when no model fits; `budget_exceeded`; `secret_detected` (policy `block`); `request_too_large`,
    ///   `rate_limited`; `provider_rejected`; `all_deployments_failed`; `invalid_tool_call` after the repairs;
    ///   the cache store's errors; `CancellationError`.
    public func complete(_ request: ChatRequest, context: CallContext) async throws -> ChatResponse {
        let span = ModelCallSpan.start(request: request, context: context)  // a leaf: started and ended by hand
        defer { span.end() }
        do {
            let response = try await completeUntraced(request, context: context)
            ModelCallSpan.finish(
                span, model: response.model, usage: response.usage, cost: response.cost, cache: response.cache)
            return response
        } catch {
            span.recordError(error)
            throw error
        }
    }

    private func completeUntraced(_ request: ChatRequest, context: CallContext) async throws -> ChatResponse {
        try await timer.awaitRunning()
        let validator = try ToolCallValidator(tools: request.tools)
        _ = try router.candidates(for: request, context: context, promptTokens: Self.estimateTokens(request))
        let lookup = try await cacheLookup(for: request, context: context)
        if let hit = lookup.hit { return hit }
        var response = try await completeOnce(request, context: context)
        response = try await validated(response, for: request, context: context, validator: validator)
        try await storeInCache(response, for: request, context: context, lookup: lookup)
        response.cache = "miss"
        return response
    }

    /// One answer from the first deployment that gives one: route, then each candidate in turn.
    func completeOnce(_ request: ChatRequest, context: CallContext) async throws -> ChatResponse {
        let promptTokens = Self.estimateTokens(request)
        let candidates = try router.candidates(for: request, context: context, promptTokens: promptTokens)
        var failures: [String] = []
        var unsupported: SwitchyardError?
        for (index, model) in candidates.enumerated() {
            guard let client = try await ready(model, isLast: index == candidates.count - 1, failures: &failures)
            else { continue }
            do {
                let (reply, admission) = try await admit(
                    client, model: model, request: request, context: context, promptTokens: promptTokens
                ) { outgoing in
                    try await Self.withTimeout(options.timeout, timer: timer) { try await client.send(outgoing) }
                }
                var response = admission.pii.restore(reply.response)
                response.model = model.name
                response.cost = await settle(
                    admission, usage: response.usage, feedback: reply.feedback, context: context)
                return response
            } catch let error as ProviderError where error.kind != .rejected {
                failures.append("\(model.name): \(error)")
            } catch let error as SwitchyardError where Self.isUnsupported(error) {
                failures.append("\(model.name): \(error.message)")
                unsupported = error
            }
        }
        throw Self.allFailed(candidates, failures, unsupported: unsupported)
    }

    /// `response` once its tool calls are valid: invalid calls go back to the model with the validation errors
    /// and it is asked again, at most ``Options/toolCallRetries`` times. Usage and cost add up every attempt.
    func validated(
        _ response: ChatResponse, for request: ChatRequest, context: CallContext, validator: ToolCallValidator
    ) async throws -> ChatResponse {
        var current = response
        var problems = validator.problems(in: current.message.toolCalls)
        var working = request
        var usage = current.usage
        var cost = current.cost
        var attempts = 0
        while !problems.isEmpty {
            guard attempts < options.toolCallRetries else {
                throw SwitchyardError(
                    code: .invalidToolCall,
                    message: "\(current.model) made invalid tool calls \(attempts + 1) time\(attempts == 0 ? "" : "s") "
                        + "(\(attempts) repair\(attempts == 1 ? "" : "s") allowed); see the details. Simplify the "
                        + "tool schemas, describe the parameters better, raise Gateway.Options.toolCallRetries or "
                        + "route to a stronger model",
                    details: problems.map(\.description))
            }
            attempts += 1
            working.messages += ToolCallValidator.repairMessages(for: current.message, problems: problems)
            current = try await completeOnce(working, context: context)
            usage.promptTokens += current.usage.promptTokens
            usage.completionTokens += current.usage.completionTokens
            usage.cachedTokens += current.usage.cachedTokens
            cost += current.cost
            problems = validator.problems(in: current.message.toolCalls)
        }
        current.usage = usage
        current.cost = cost
        return current
    }

    /// The error when no candidate answered: a lone "cannot do this" error as itself (it says what to do),
    /// otherwise `all_deployments_failed` with each candidate's reason.
    static func allFailed(
        _ candidates: [GatewayConfig.Model], _ failures: [String], unsupported: SwitchyardError? = nil
    ) -> SwitchyardError {
        if let unsupported, failures.count == 1 { return unsupported }
        return SwitchyardError(
            code: .allDeploymentsFailed,
            message: "every model for this request failed (\(candidates.map(\.name).joined(separator: ", "))); "
                + "see the details for each, check the providers' health or add a fallback route",
            details: failures)
    }

    /// Errors that mean "this deployment cannot take this request" (the local engine asked for a schema its
    /// constrained decoder cannot enforce, or tools together with a schema): the gateway falls back to the
    /// next candidate.
    static func isUnsupported(_ error: SwitchyardError) -> Bool {
        error.code == .localStructuredOutputUnavailable || error.code == .unsupportedSchemaKeyword
    }

    /// Runs `body`, cancelling it and failing with a transient error when it takes longer than `limit`. `body`
    /// runs as a child task, raced against a signal the gateway's timer fires at the deadline (a heap entry, not a
    /// sleeping task, whose timer Linux keeps until the deadline even after the call finished); on timeout the
    /// child is cancelled and awaited.
    static func withTimeout<T: Sendable>(
        _ limit: Duration, timer: GatewayTimer, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let expired = OneShotSignal()
        let deadline = timer.schedule(after: limit) { expired.fire() }
        defer { timer.cancel(deadline) }
        return try await withThrowingTaskGroup(of: T?.self, returning: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                await expired.wait()
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let value = result { return value }
                if expired.isFired { throw ProviderError(kind: .transient, message: "no answer within \(limit)") }
            }
            throw CancellationError()
        }
    }
}
