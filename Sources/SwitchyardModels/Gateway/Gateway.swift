import Foundation
import SwitchyardCore

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

    /// Retry and timing settings.
    public struct Options: Sendable {
        /// Attempts per deployment for transient errors (5xx, timeouts, connection failures).
        public var attemptsPerDeployment = 2
        /// Retries of 429s on one deployment (each waits for the limiter, which honours Retry-After).
        public var rateLimitRetries = 8
        /// Base of the jittered backoff between transient retries.
        public var backoff: Duration = .milliseconds(200)
        /// Time limit of one provider call.
        public var timeout: Duration = .seconds(120)
        /// Longest wait for a cooling deployment when it is the last candidate.
        public var maxCooldownWait: Duration = .seconds(30)
        /// How long exact-cache entries live.
        public var cacheTTL: Duration = .seconds(3600)
        public init() {}
    }

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
        self.redactor = Redactor(policy: Redactor.Policy(rawValue: config.redaction))
        self.options = options
        for model in config.models {
            if let limits = model.limits {
                await limiter.configure(
                    deployment: model.name,
                    limits: .init(requestsPerMinute: limits.rpm, tokensPerMinute: limits.tpm))
            }
        }
        for (name, tenant) in config.tenants {
            guard let id = try? TenantID(name) else { continue }
            if let limits = tenant.limits {
                await limiter.configure(
                    tenant: id, limits: .init(requestsPerMinute: limits.rpm, tokensPerMinute: limits.tpm))
            }
            if let budget = tenant.budget, let seconds = GatewayConfig.duration(budget.period) {
                ledger.setBudget(.init(limit: budget.usd, period: .seconds(seconds)), for: id)
            }
        }
    }

    /// A rough token count for reservations: ~4 characters per token plus per-message overhead.
    public static func estimateTokens(_ request: ChatRequest) -> Int {
        var chars = 0
        for m in request.messages {
            chars += m.content.utf8.count + 16 + m.toolCalls.reduce(0) { $0 + $1.arguments.jsonText.utf8.count }
        }
        for t in request.tools { chars += t.description.utf8.count + t.parameters.jsonText.utf8.count }
        return chars / 4 + 8
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    private static let epoch = ContinuousClock.now
    private static var monotonic: Double { seconds(ContinuousClock.now - epoch) }

    /// Answers a request for `context`'s tenant.
    public func complete(_ request: ChatRequest, context: CallContext) async throws -> ChatResponse {
        let promptTokens = Self.estimateTokens(request)
        let candidates = try router.candidates(for: request, context: context, promptTokens: promptTokens)
        let cacheable = request.cacheable ?? ((request.temperature ?? 1) == 0)
        let key = CacheKey(tenant: context.tenant, request: request)
        if cacheable, var hit = try await cache.lookup(tenant: context.tenant, key: key, now: Date()) {
            hit.cache = "hit"
            hit.cost = 0
            ledger.record(.init(tenant: context.tenant, run: context.run, model: hit.model, usage: hit.usage, cost: 0))
            return hit
        }
        var failures: [String] = []
        for (index, model) in candidates.enumerated() {
            guard let client = clients[model.name] else {
                failures.append("\(model.name): no client configured")
                continue
            }
            let coolUntil = health.availableAt(model.name)
            let now = Self.monotonic
            if coolUntil > now {
                let isLast = index == candidates.count - 1
                guard isLast, coolUntil - now <= Self.seconds(options.maxCooldownWait) else {
                    failures.append("\(model.name): cooling down for \(Int(coolUntil - now)) s")
                    continue
                }
                try await Task.sleep(for: .seconds(coolUntil - now))
            }
            do {
                var response = try await call(
                    client, model: model, request: request, context: context, promptTokens: promptTokens)
                if cacheable {
                    try await cache.store(
                        tenant: context.tenant, key: key, response: response,
                        expires: Date().addingTimeInterval(Self.seconds(options.cacheTTL)), documents: [])
                }
                response.cache = "miss"
                return response
            } catch let error as ProviderError where error.kind != .rejected {
                failures.append("\(model.name): \(error)")
            }
        }
        throw SwitchyardError(
            code: "all_deployments_failed",
            message: "every model for this request failed (\(candidates.map(\.name).joined(separator: ", ")))",
            details: failures)
    }

    /// One deployment, with 429 waits and transient retries; throws the last ProviderError to fall back.
    private func call(
        _ client: any ProviderClient, model: GatewayConfig.Model, request: ChatRequest, context: CallContext,
        promptTokens: Int
    ) async throws -> ChatResponse {
        var upstream = request
        upstream.model = model.upstreamID
        if client.kind != "local" { upstream = try redactor.apply(to: upstream) }
        let outgoing = upstream
        let maxTokens = request.maxTokens ?? 1024
        let price = model.price.map { ModelPrice(inputPerMillion: $0.input, outputPerMillion: $0.output) } ?? .free
        let estimate =
            client.kind == "local" ? 0 : ModelRouter.estimate(model, promptTokens: promptTokens, maxTokens: maxTokens)
        try ledger.reserve(estimate, for: context.tenant)
        var transientFailures = 0
        var rateLimited = 0
        while true {
            let reservation = try await limiter.acquire(
                deployment: model.name, tenant: context.tenant, tier: context.tier, tokens: promptTokens + maxTokens)
            do {
                let reply = try await Self.withTimeout(options.timeout) { try await client.send(outgoing) }
                await limiter.settle(reservation, usedTokens: reply.response.usage.totalTokens)
                await limiter.observe(deployment: model.name, feedback: reply.feedback)
                health.recordSuccess(model.name)
                var response = reply.response
                response.model = model.name
                response.cost = client.kind == "local" ? 0 : price.cost(of: response.usage)
                ledger.record(
                    .init(
                        tenant: context.tenant, run: context.run, model: model.name, usage: response.usage,
                        cost: response.cost),
                    reserved: estimate)
                return response
            } catch let error as ProviderError {
                await limiter.settle(reservation, usedTokens: 0)
                switch error.kind {
                case .rateLimited where rateLimited < options.rateLimitRetries:
                    rateLimited += 1
                    var feedback = error.feedback
                    feedback.retryAfter = feedback.retryAfter ?? 1
                    await limiter.observe(deployment: model.name, feedback: feedback)
                    continue
                case .transient where transientFailures + 1 < options.attemptsPerDeployment:
                    transientFailures += 1
                    health.recordFailure(model.name, now: Self.monotonic)
                    let base = Self.seconds(options.backoff) * Double(1 << transientFailures)
                    try await Task.sleep(for: .seconds(base * Double.random(in: 0.5...1.5)))
                    continue
                default:
                    if error.kind == .transient { health.recordFailure(model.name, now: Self.monotonic) }
                    ledger.release(estimate, for: context.tenant)
                    if error.kind == .rejected {
                        throw SwitchyardError(
                            code: "provider_rejected", message: "\(model.name) refused the request: \(error)",
                            cause: error)
                    }
                    throw error
                }
            } catch {
                await limiter.settle(reservation, usedTokens: 0)
                ledger.release(estimate, for: context.tenant)
                throw error
            }
        }
    }

    static func withTimeout<T: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw ProviderError(kind: .transient, message: "no answer within \(limit)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
