import Synchronization

/// Tracks failing deployments and cools them down: after `allowedFailures` consecutive failures a deployment
/// rests for `baseCooldown`, doubling on each new cooldown up to `maxCooldown`, and a success resets it.
///
/// A group with a single deployment cools down too: callers wait out the cooldown (bounded) instead of
/// hammering a dead primary — the failure mode LiteLLM users report when a lone deployment is never cooled.
public final class DeploymentHealth: Sendable {
    struct Entry {
        var consecutiveFailures = 0
        var cooldowns = 0
        var coolUntil = 0.0
    }

    public let allowedFailures: Int
    public let baseCooldown: Double
    public let maxCooldown: Double
    private let entries = Mutex<[String: Entry]>([:])

    /// Health tracking with the given cooldown policy.
    /// - Parameters:
    ///   - allowedFailures: Consecutive failures before a cooldown (at least 1).
    ///   - baseCooldown: Length of the first cooldown, in seconds.
    ///   - maxCooldown: Longest cooldown, in seconds.
    public init(allowedFailures: Int = 3, baseCooldown: Double = 5, maxCooldown: Double = 60) {
        self.allowedFailures = max(1, allowedFailures)
        self.baseCooldown = baseCooldown
        self.maxCooldown = maxCooldown
    }

    /// Records a success: the failure count and cooldown backoff start over.
    /// - Parameter deployment: The deployment (model) name.
    public func recordSuccess(_ deployment: String) {
        entries.withLock { $0[deployment] = Entry() }
    }

    /// Records a failure at time `now` (seconds); returns the cooldown end when this failure started one.
    /// - Parameters:
    ///   - deployment: The deployment (model) name.
    ///   - now: The time of the failure, in seconds on the monotonic clock.
    @discardableResult
    public func recordFailure(_ deployment: String, now: Double) -> Double? {
        entries.withLock { all in
            var e = all[deployment] ?? Entry()
            e.consecutiveFailures += 1
            var started: Double?
            if e.consecutiveFailures >= allowedFailures {
                let length = min(maxCooldown, baseCooldown * Double(1 << min(e.cooldowns, 20)))
                e.coolUntil = now + length
                e.cooldowns += 1
                e.consecutiveFailures = 0
                started = e.coolUntil
            }
            all[deployment] = e
            return started
        }
    }

    /// When the deployment may be used again (≤ now means available).
    /// - Parameter deployment: The deployment (model) name.
    public func availableAt(_ deployment: String) -> Double {
        entries.withLock { $0[deployment]?.coolUntil ?? 0 }
    }
}
