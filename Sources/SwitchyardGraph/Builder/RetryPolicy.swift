/// When and how often a failing node is tried again.
///
/// The delay before attempt `n + 1` is `initialInterval × backoffFactor^(n-1)`, capped at `maxInterval`, and,
/// with `jitter`, scaled by a random factor in 0.5…1.5 so that many failing nodes do not retry in lockstep.
public struct RetryPolicy: Sendable {
    /// Total attempts, the first included (1 means no retry).
    public var maxAttempts: Int
    /// Delay before the first retry.
    public var initialInterval: Duration
    /// Growth of the delay per retry.
    public var backoffFactor: Double
    /// Upper bound of a delay.
    public var maxInterval: Duration
    /// Randomizes delays by ±50%.
    public var jitter: Bool
    /// Which errors are retried. Interrupts and cancellation never are.
    public var retryOn: @Sendable (any Error) -> Bool

    /// A retry policy.
    /// - Parameters:
    ///   - maxAttempts: Total attempts, the first included (1 means no retry).
    ///   - initialInterval: Delay before the first retry.
    ///   - backoffFactor: Growth of the delay per retry.
    ///   - maxInterval: Upper bound of a delay.
    ///   - jitter: Randomizes delays by ±50%.
    ///   - retryOn: Which errors are retried.
    public init(
        maxAttempts: Int = 3, initialInterval: Duration = .milliseconds(500), backoffFactor: Double = 2,
        maxInterval: Duration = .seconds(128), jitter: Bool = true,
        retryOn: @escaping @Sendable (any Error) -> Bool = { _ in true }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialInterval = initialInterval
        self.backoffFactor = backoffFactor
        self.maxInterval = maxInterval
        self.jitter = jitter
        self.retryOn = retryOn
    }

    /// The delay after failed attempt `attempt` (1-based).
    /// - Parameter attempt: The attempt that failed, from 1.
    public func delay(after attempt: Int) -> Duration {
        let base = initialInterval * pow2(backoffFactor, attempt - 1)
        let capped = min(base, maxInterval)
        return jitter ? capped * Double.random(in: 0.5...1.5) : capped
    }

    private func pow2(_ factor: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, exponent) { result *= factor }
        return result
    }
}

/// How one node runs: retries and a time limit per attempt.
public struct NodeOptions: Sendable {
    /// Retry policy; `nil` runs the node once.
    public var retry: RetryPolicy?
    /// Time limit of one attempt; on expiry the attempt is cancelled and fails with `node_timeout`.
    public var timeout: Duration?

    /// A node's options.
    /// - Parameters:
    ///   - retry: Retry policy; nil runs the node once.
    ///   - timeout: Time limit of one attempt; nil for none.
    public init(retry: RetryPolicy? = nil, timeout: Duration? = nil) {
        self.retry = retry
        self.timeout = timeout
    }
}
