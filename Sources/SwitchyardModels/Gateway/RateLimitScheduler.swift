/// Decides which waiting call may go next, given per-deployment and per-tenant buckets: a pure state machine
/// (the ``RateLimiter`` actor feeds it events and the time, and carries out its decisions).
///
/// Order among waiting calls: higher tier first; within a tier, the tenant served least recently (so one
/// tenant's burst cannot starve the others); within a tenant, first come first served. A call waits until its
/// deployment's request and token buckets — and its tenant's, if the tenant has a quota — all hold enough.
public struct RateLimitScheduler: Sendable {
    public struct Limits: Sendable, Hashable {
        public var requestsPerMinute: Double?
        public var tokensPerMinute: Double?
        /// Limits; nil means unlimited.
        /// - Parameters:
        ///   - requestsPerMinute: Requests per minute.
        ///   - tokensPerMinute: Tokens per minute.
        public init(requestsPerMinute: Double? = nil, tokensPerMinute: Double? = nil) {
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
        }
    }

    public struct Waiter: Sendable, Hashable {
        public var id: Int
        public var deployment: String
        public var tenant: String
        public var tier: Int
        public var tokens: Double
        public var arrival: Double
    }

    struct Buckets: Sendable {
        var requests: TokenBucket?
        var tokens: TokenBucket?

        init(_ limits: Limits, now: Double) {
            requests = limits.requestsPerMinute.map { .perMinute($0, now: now) }
            tokens = limits.tokensPerMinute.map { .perMinute($0, now: now) }
        }

        mutating func wait(tokens amount: Double, now: Double) -> Double {
            max(requests?.wait(for: 1, now: now) ?? 0, tokens?.wait(for: amount, now: now) ?? 0)
        }

        mutating func take(tokens amount: Double, now: Double) {
            _ = requests?.take(1, now: now)
            _ = tokens?.take(amount, now: now)
        }
    }

    var deployments: [String: Buckets] = [:]
    var tenants: [String: Buckets] = [:]
    var tenantLimits: [String: Limits] = [:]
    var lastServed: [String: Double] = [:]
    public private(set) var waiting: [Waiter] = []
    private var nextID = 0

    public init() {}

    /// Declares a deployment's upstream limits.
    /// - Parameters:
    ///   - deployment: The deployment (model) name.
    ///   - limits: Its requests and tokens per minute.
    ///   - now: The time, in seconds (its buckets start full).
    public mutating func configure(deployment: String, limits: Limits, now: Double) {
        deployments[deployment] = Buckets(limits, now: now)
    }

    /// Declares a tenant's quota (applies across deployments).
    /// - Parameters:
    ///   - tenant: The tenant id.
    ///   - limits: Its requests and tokens per minute.
    ///   - now: The time, in seconds (its buckets start full).
    public mutating func configure(tenant: String, limits: Limits, now: Double) {
        tenantLimits[tenant] = limits
        tenants[tenant] = Buckets(limits, now: now)
    }

    /// Whether a call needing `tokens` could ever pass (it fits every bucket's capacity).
    /// - Parameters:
    ///   - deployment: The deployment (model) name.
    ///   - tenant: The tenant id.
    ///   - tokens: Tokens the call reserves.
    public func fits(deployment: String, tenant: String, tokens: Double) -> Bool {
        let caps = [deployments[deployment]?.tokens?.capacity, tenants[tenant]?.tokens?.capacity].compactMap { $0 }
        return caps.allSatisfy { tokens <= $0 }
    }

    /// Adds a waiting call and returns its id.
    /// - Parameters:
    ///   - deployment: The deployment (model) name.
    ///   - tenant: The tenant id.
    ///   - tier: The tenant's tier (higher goes first).
    ///   - tokens: Tokens the call reserves.
    ///   - now: The arrival time, in seconds.
    public mutating func enqueue(deployment: String, tenant: String, tier: Int, tokens: Double, now: Double) -> Int {
        nextID += 1
        waiting.append(
            Waiter(id: nextID, deployment: deployment, tenant: tenant, tier: tier, tokens: tokens, arrival: now))
        return nextID
    }

    /// Drops a waiting call (cancelled or timed out).
    /// - Parameter id: What ``enqueue(deployment:tenant:tier:tokens:now:)`` returned.
    public mutating func remove(_ id: Int) {
        waiting.removeAll { $0.id == id }
    }

    /// Grants every call that may go now, in priority order, and says when to look again.
    ///
    /// A call that cannot go yet holds back lower-priority calls on the same deployment (or of the same tenant,
    /// when the tenant's quota holds it) — no overtaking by small requests — but not other calls.
    /// - Parameter now: The time, in seconds.
    /// - Returns: The ids granted (their tokens taken), and the seconds until a waiting call may go (nil when
    ///   none is left that ever can).
    public mutating func grant(now: Double) -> (granted: [Int], retryIn: Double?) {
        var granted: [Int] = []
        var blockedDeployments: Set<String> = []
        var blockedTenants: Set<String> = []
        var soonest: Double?
        for waiter in prioritized()
        where !blockedDeployments.contains(waiter.deployment) && !blockedTenants.contains(waiter.tenant) {
            var deployment = deployments[waiter.deployment] ?? Buckets(Limits(), now: now)
            var tenant = tenants[waiter.tenant]
            let deploymentWait = deployment.wait(tokens: waiter.tokens, now: now)
            let tenantWait = tenant?.wait(tokens: waiter.tokens, now: now) ?? 0
            if deploymentWait == 0 && tenantWait == 0 {
                deployment.take(tokens: waiter.tokens, now: now)
                tenant?.take(tokens: waiter.tokens, now: now)
                deployments[waiter.deployment] = deployment
                if let tenant { tenants[waiter.tenant] = tenant }
                lastServed[waiter.tenant] = now
                granted.append(waiter.id)
            } else {
                // Whatever holds this call holds the calls behind it on the same resource, not the others.
                if deploymentWait > 0 { blockedDeployments.insert(waiter.deployment) }
                if tenantWait > 0 { blockedTenants.insert(waiter.tenant) }
                let wait = max(deploymentWait, tenantWait)
                if wait.isFinite { soonest = min(soonest ?? wait, wait) }
            }
        }
        waiting.removeAll { granted.contains($0.id) }
        return (granted, soonest)
    }

    private func prioritized() -> [Waiter] {
        waiting.sorted { a, b in
            if a.tier != b.tier { return a.tier > b.tier }
            let sa = lastServed[a.tenant] ?? -.infinity
            let sb = lastServed[b.tenant] ?? -.infinity
            if a.tenant != b.tenant && sa != sb { return sa < sb }
            return a.id < b.id
        }
    }

    /// Settles a finished call: gives back reserved tokens it did not use, or charges what it used beyond.
    /// - Parameters:
    ///   - deployment: The deployment (model) name.
    ///   - tenant: The tenant id.
    ///   - reserved: Tokens reserved for the call.
    ///   - used: Tokens it used.
    ///   - now: The time, in seconds.
    public mutating func settle(deployment: String, tenant: String, reserved: Double, used: Double, now: Double) {
        let delta = reserved - used
        for key in [deployment] {
            if delta >= 0 {
                deployments[key]?.tokens?.giveBack(delta, now: now)
            } else {
                deployments[key]?.tokens?.charge(-delta, now: now)
            }
        }
        if delta >= 0 {
            tenants[tenant]?.tokens?.giveBack(delta, now: now)
        } else {
            tenants[tenant]?.tokens?.charge(-delta, now: now)
        }
    }

    /// Applies what the upstream said in its rate-limit headers.
    /// - Parameters:
    ///   - deployment: The deployment (model) that answered.
    ///   - feedback: What its headers said.
    ///   - now: The time, in seconds.
    public mutating func observe(deployment: String, feedback: RateLimitFeedback, now: Double) {
        if let remaining = feedback.remainingRequests {
            deployments[deployment]?.requests?.observe(remaining: remaining, now: now)
        }
        if let remaining = feedback.remainingTokens {
            deployments[deployment]?.tokens?.observe(remaining: remaining, now: now)
        }
        if let retryAfter = feedback.retryAfter {
            deployments[deployment]?.requests?.block(for: retryAfter, now: now)
            if deployments[deployment]?.requests == nil {
                deployments[deployment, default: Buckets(Limits(), now: now)].requests = TokenBucket(
                    capacity: 1, refillPerSecond: 1 / max(retryAfter, 0.001), now: now)
                deployments[deployment]?.requests?.block(for: retryAfter, now: now)
            }
        }
    }
}
