import SwitchyardCore
import Synchronization

/// Makes calls wait for upstream capacity instead of failing: reserve (prompt tokens + max tokens) before a call,
/// settle to real usage after, learn from rate-limit headers. Waiting is bounded and cancellable.
///
/// The decisions are ``RateLimitScheduler``'s (a pure state machine); this class feeds it the time and events
/// under a `Mutex`, resumes the calls it grants, and keeps its two kinds of timers — the next possible grant and
/// each waiting call's limit — on ``timer``, which must run (``Gateway/timer`` is this timer).
public final class RateLimiter: Sendable {
    /// A granted reservation; settle it when the call ends.
    public struct Reservation: Sendable {
        public let deployment: String
        public let tenant: TenantID
        public let tokens: Double
    }

    /// A waiting call: its continuation once it suspended, or the outcome decided before it did.
    private struct Waiter {
        var deployment: String
        var continuation: CheckedContinuation<Void, any Error>?
        var outcome: Result<Void, any Error>?
        var timeout: GatewayTimer.ID?
    }

    private struct State {
        var scheduler = RateLimitScheduler()
        var waiters: [Int: Waiter] = [:]
        /// The pending wake-up for the next possible grant, and its limiter time.
        var wake: (id: GatewayTimer.ID, at: Double)?
    }

    /// A continuation to resume once the lock is released.
    private typealias Resumption = (CheckedContinuation<Void, any Error>, Result<Void, any Error>)

    private let state = Mutex(State())
    private let start = ContinuousClock.now
    /// The timer that wakes waiting calls; run it (it is the gateway's ``Gateway/timer``).
    public let timer: GatewayTimer
    /// The longest a call waits before failing with `rate_limited`.
    public let maxWait: Duration
    /// Limiter seconds per real second: 1 in production; tests run a minute of limits in a second with 60.
    public let timeScale: Double

    /// A limiter with no limits configured yet.
    /// - Parameters:
    ///   - maxWait: The longest a call waits for capacity.
    ///   - timeScale: Limiter seconds per real second (tests speed time up).
    ///   - timer: The timer for its wake-ups; a new one by default (run it, or run the gateway's).
    public init(maxWait: Duration = .seconds(120), timeScale: Double = 1, timer: GatewayTimer = GatewayTimer()) {
        self.maxWait = maxWait
        self.timeScale = timeScale
        self.timer = timer
    }

    private var now: Double {
        (ContinuousClock.now - start).inSeconds * timeScale
    }

    /// Declares a deployment's upstream limits (requests and tokens per minute).
    /// - Parameters:
    ///   - deployment: The deployment (model) name.
    ///   - limits: Its requests and tokens per minute.
    public func configure(deployment: String, limits: RateLimitScheduler.Limits) {
        update { s, now in s.scheduler.configure(deployment: deployment, limits: limits, now: now) }
    }

    /// Declares a tenant's own quota.
    /// - Parameters:
    ///   - tenant: The tenant the quota applies to.
    ///   - limits: Its requests and tokens per minute.
    public func configure(tenant: TenantID, limits: RateLimitScheduler.Limits) {
        update { s, now in s.scheduler.configure(tenant: tenant.rawValue, limits: limits, now: now) }
    }

    /// Waits until the call may go, then returns its reservation.
    /// - Parameters:
    ///   - deployment: The deployment (model name) the call goes to.
    ///   - tenant: The calling tenant.
    ///   - tier: Its priority (higher first).
    ///   - tokens: Tokens to reserve (prompt + max tokens).
    /// - Throws: `request_too_large` when no bucket could ever hold `tokens`; `rate_limited` after ``maxWait``;
    ///   `CancellationError` when the waiting task is cancelled.
    public func acquire(deployment: String, tenant: TenantID, tier: Int, tokens: Int) async throws -> Reservation {
        let amount = Double(max(0, tokens))
        let (id, resumptions) = try state.withLock { s -> (Int, [Resumption]) in
            let now = self.now
            guard s.scheduler.fits(deployment: deployment, tenant: tenant.rawValue, tokens: amount) else {
                throw SwitchyardError(
                    code: .requestTooLarge,
                    message: "the call needs \(tokens) tokens (prompt + max_tokens), more than the per-minute limit "
                        + "of deployment '\(deployment)' or of tenant '\(tenant)'; lower max_tokens or shorten the "
                        + "prompt")
            }
            let id = s.scheduler.enqueue(
                deployment: deployment, tenant: tenant.rawValue, tier: tier, tokens: amount, now: now)
            s.waiters[id] = Waiter(deployment: deployment)
            let resumptions = pump(&s, now: now)
            // Only a call that has to wait needs a timer entry.
            if s.waiters[id]?.outcome == nil {
                s.waiters[id]?.timeout = timer.schedule(after: maxWait) { [weak self] in self?.expire(id) }
            }
            return (id, resumptions)
        }
        Self.resume(resumptions)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let decided = state.withLock { s -> Result<Void, any Error>? in
                    guard let outcome = s.waiters[id]?.outcome else {
                        s.waiters[id]?.continuation = continuation
                        return nil
                    }
                    s.waiters[id] = nil
                    return outcome
                }
                if let decided { continuation.resume(with: decided) }
            }
        } onCancel: {
            let resumptions = state.withLock { s -> [Resumption] in
                guard s.waiters[id]?.outcome == nil else { return [] }
                s.scheduler.remove(id)
                var out = Self.decide(id, .failure(CancellationError()), &s, timer: timer)
                out += pump(&s, now: now)
                return out
            }
            Self.resume(resumptions)
        }
        return Reservation(deployment: deployment, tenant: tenant, tokens: amount)
    }

    /// Settles a reservation against the tokens the call really used.
    /// - Parameters:
    ///   - reservation: What ``acquire(deployment:tenant:tier:tokens:)`` returned.
    ///   - usedTokens: Tokens the call used.
    public func settle(_ reservation: Reservation, usedTokens: Int) {
        update { s, now in
            s.scheduler.settle(
                deployment: reservation.deployment, tenant: reservation.tenant.rawValue, reserved: reservation.tokens,
                used: Double(usedTokens), now: now)
        }
    }

    /// Applies an upstream's rate-limit headers (and a 429's Retry-After).
    /// - Parameters:
    ///   - deployment: The deployment (model) that answered.
    ///   - feedback: What its headers said.
    public func observe(deployment: String, feedback: RateLimitFeedback) {
        update { s, now in s.scheduler.observe(deployment: deployment, feedback: feedback, now: now) }
    }

    /// Calls waiting now.
    public var waitingCount: Int { state.withLock { $0.scheduler.waiting.count } }

    /// Applies `change`, then grants what can go.
    private func update(_ change: (inout State, Double) -> Void) {
        let resumptions = state.withLock { s -> [Resumption] in
            let now = self.now
            change(&s, now)
            return pump(&s, now: now)
        }
        Self.resume(resumptions)
    }

    private func expire(_ id: Int) {
        let resumptions = state.withLock { s -> [Resumption] in
            guard let waiter = s.waiters[id], waiter.outcome == nil else { return [] }
            s.scheduler.remove(id)
            let failure = SwitchyardError(
                code: .rateLimited,
                message: "waited \(maxWait) for capacity on deployment '\(waiter.deployment)' without getting it; "
                    + "retry later or raise the deployment's limits")
            return Self.decide(id, .failure(failure), &s, timer: timer) + pump(&s, now: now)
        }
        Self.resume(resumptions)
    }

    private func wake() {
        update { s, _ in s.wake = nil }
    }

    /// Grants what can go now and keeps one timer entry for the next possible grant.
    private func pump(_ s: inout State, now: Double) -> [Resumption] {
        let (granted, retryIn) = s.scheduler.grant(now: now)
        var out: [Resumption] = []
        for id in granted { out += Self.decide(id, .success(()), &s, timer: timer) }
        guard let retryIn, !s.scheduler.waiting.isEmpty else { return out }
        let target = now + retryIn
        if let wake = s.wake, wake.at <= target { return out }
        if let wake = s.wake { timer.cancel(wake.id) }
        let id = timer.schedule(after: .seconds(max(retryIn, 0.001) / timeScale)) { [weak self] in self?.wake() }
        s.wake = (id, target)
        return out
    }

    /// Records a waiter's outcome: the continuation to resume when it is already suspended.
    private static func decide(
        _ id: Int, _ outcome: Result<Void, any Error>, _ s: inout State, timer: GatewayTimer
    ) -> [Resumption] {
        guard var waiter = s.waiters[id] else { return [] }
        if let timeout = waiter.timeout { timer.cancel(timeout) }
        guard let continuation = waiter.continuation else {
            waiter.outcome = outcome
            waiter.timeout = nil
            s.waiters[id] = waiter
            return []
        }
        s.waiters[id] = nil
        return [(continuation, outcome)]
    }

    private static func resume(_ resumptions: [Resumption]) {
        for (continuation, outcome) in resumptions { continuation.resume(with: outcome) }
    }
}
