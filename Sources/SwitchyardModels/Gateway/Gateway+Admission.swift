import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// What a call holds on one deployment from admission until it is settled: its budget reservation, its
/// rate-limit reservation, and the mapping that fills the tenant's masked personal data back into the answer.
struct Admission: Sendable {
    let model: GatewayConfig.Model
    let client: any ProviderClient
    let estimate: Double
    let price: ModelPrice
    let reservation: RateLimiter.Reservation
    /// Empty unless the tenant opted in and the provider is remote.
    let pii: PIIMapping
}

extension Gateway {
    /// The client for `model` once it is out of cooldown; nil (with the reason in `failures`) when it should be
    /// skipped. The last candidate waits out a short cooldown instead of failing.
    func ready(
        _ model: GatewayConfig.Model, isLast: Bool, failures: inout [String]
    ) async throws
        -> (any ProviderClient)?
    {
        guard let client = clients[model.name] else {
            failures.append("\(model.name): no client configured")
            return nil
        }
        let coolUntil = health.availableAt(model.name)
        let now = Self.monotonic
        if coolUntil > now {
            guard isLast, coolUntil - now <= options.maxCooldownWait.inSeconds else {
                failures.append("\(model.name): cooling down for \(Int(coolUntil - now)) s")
                return nil
            }
            try await Task.sleep(for: .seconds(coolUntil - now))
        }
        return client
    }

    /// Runs `start` on one deployment: reserves the worst-case cost against the budget, redacts for remote
    /// providers (secrets, then the tenant's personal-data classes, whose mapping the admission carries), waits
    /// for rate-limit capacity, retries 429s and transient errors; throws the last ``ProviderError`` so the caller
    /// can fall back. On success the admission is still held: ``settle`` releases it with the real usage.
    func admit<T>(
        _ client: any ProviderClient, model: GatewayConfig.Model, request: ChatRequest, context: CallContext,
        promptTokens: Int, start: (ChatRequest) async throws -> T
    ) async throws -> (T, Admission) {
        var upstream = request
        upstream.model = model.upstreamID
        var pii = PIIMapping()
        if client.kind != ProviderKind.local.rawValue {
            upstream = try redactor.apply(to: upstream)
            if let masker = piiRedactor(for: context.tenant) { (upstream, pii) = masker.mask(upstream) }
        }
        let maxTokens = request.maxTokens ?? 1024
        let price = model.price.map { ModelPrice(inputPerMillion: $0.input, outputPerMillion: $0.output) } ?? .free
        let estimate =
            client.kind == ProviderKind.local.rawValue
            ? 0 : ModelRouter.estimate(model, promptTokens: promptTokens, maxTokens: maxTokens)
        try ledger.reserve(estimate, for: context.tenant)
        var transientFailures = 0
        var rateLimited = 0
        while true {
            let reservation: RateLimiter.Reservation
            do {
                let asked = ContinuousClock.now
                reservation = try await limiter.acquire(
                    deployment: model.name, tenant: context.tenant, tier: context.tier,
                    tokens: promptTokens + maxTokens)
                GatewayMetrics.rateLimitWait(
                    tenant: context.tenant, deployment: model.name, waited: ContinuousClock.now - asked)
            } catch {
                ledger.release(estimate, for: context.tenant)
                throw error
            }
            do {
                let value = try await CallContext.$current.withValue(context) { try await start(upstream) }
                return (
                    value,
                    Admission(
                        model: model, client: client, estimate: estimate, price: price, reservation: reservation,
                        pii: pii)
                )
            } catch let error as ProviderError {
                limiter.settle(reservation, usedTokens: 0)
                switch error.kind {
                case .rateLimited where rateLimited < options.rateLimitRetries:
                    rateLimited += 1
                    var feedback = error.feedback
                    feedback.retryAfter = feedback.retryAfter ?? 1
                    limiter.observe(deployment: model.name, feedback: feedback)
                    continue
                case .transient where transientFailures + 1 < options.attemptsPerDeployment:
                    transientFailures += 1
                    health.recordFailure(model.name, now: Self.monotonic)
                    let base = options.backoff.inSeconds * Double(1 << transientFailures)
                    do {
                        try await Task.sleep(for: .seconds(base * Double.random(in: 0.5...1.5)))
                    } catch {
                        ledger.release(estimate, for: context.tenant)
                        throw error
                    }
                    continue
                default:
                    if error.kind == .transient { health.recordFailure(model.name, now: Self.monotonic) }
                    ledger.release(estimate, for: context.tenant)
                    if error.kind == .rejected {
                        throw SwitchyardError(
                            code: .providerRejected, message: "\(model.name) refused the request: \(error)",
                            cause: error)
                    }
                    throw error
                }
            } catch {
                limiter.settle(reservation, usedTokens: 0)
                ledger.release(estimate, for: context.tenant)
                throw error
            }
        }
    }

    /// Ends an admission with the usage the call really had: settles the rate-limit reservation, learns from
    /// the provider's headers, marks the deployment healthy and records the cost (released from the budget
    /// reservation). Returns the cost in USD.
    @discardableResult
    func settle(
        _ admission: Admission, usage: Usage, feedback: RateLimitFeedback, context: CallContext
    ) async
        -> Double
    {
        limiter.settle(admission.reservation, usedTokens: usage.totalTokens)
        limiter.observe(deployment: admission.model.name, feedback: feedback)
        health.recordSuccess(admission.model.name)
        let cost = admission.client.kind == ProviderKind.local.rawValue ? 0 : admission.price.cost(of: usage)
        ledger.record(
            .init(tenant: context.tenant, run: context.run, model: admission.model.name, usage: usage, cost: cost),
            reserved: admission.estimate)
        GatewayMetrics.answered(tenant: context.tenant, model: admission.model.name, usage: usage, cost: cost)
        return cost
    }
}
