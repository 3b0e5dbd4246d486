/// A token bucket: holds up to `capacity` tokens and refills continuously at `refillPerSecond`.
///
/// A pure value: the caller passes the time (seconds on a monotonic clock), so tests drive it exactly.
/// Anthropic describes its own limiter the same way (capacity replenished continuously, not reset per window).
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Double
    public let refillPerSecond: Double
    public private(set) var available: Double
    private var updatedAt: Double
    /// Nothing is granted before this time (set by a 429's Retry-After).
    private var blockedUntil: Double = 0

    /// A full bucket for a per-minute limit.
    /// - Parameters:
    ///   - limit: Tokens per minute (also the capacity).
    ///   - now: The time, in seconds.
    public static func perMinute(_ limit: Double, now: Double) -> TokenBucket {
        TokenBucket(capacity: limit, refillPerSecond: limit / 60, now: now)
    }

    /// A full bucket.
    /// - Parameters:
    ///   - capacity: The most tokens it holds.
    ///   - refillPerSecond: Tokens added per second.
    ///   - now: The time, in seconds.
    public init(capacity: Double, refillPerSecond: Double, now: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        self.available = capacity
        self.updatedAt = now
    }

    mutating func refill(now: Double) {
        guard now > updatedAt else { return }
        available = min(capacity, available + (now - updatedAt) * refillPerSecond)
        updatedAt = now
    }

    /// Seconds until `amount` tokens are available (0 when they are now); infinite when it exceeds capacity.
    /// - Parameters:
    ///   - amount: Tokens wanted.
    ///   - now: The time, in seconds.
    public mutating func wait(for amount: Double, now: Double) -> Double {
        refill(now: now)
        guard amount <= capacity else { return .infinity }
        let block = max(0, blockedUntil - now)
        let shortfall = max(0, amount - available)
        return max(block, refillPerSecond > 0 ? shortfall / refillPerSecond : (shortfall > 0 ? .infinity : 0))
    }

    /// Takes `amount` tokens if available now.
    /// - Parameters:
    ///   - amount: Tokens wanted.
    ///   - now: The time, in seconds.
    /// - Returns: Whether they were taken.
    public mutating func take(_ amount: Double, now: Double) -> Bool {
        guard wait(for: amount, now: now) == 0 else { return false }
        available -= amount
        return true
    }

    /// Returns tokens that were reserved but not used (never above capacity).
    /// - Parameters:
    ///   - amount: Tokens to give back.
    ///   - now: The time, in seconds.
    public mutating func giveBack(_ amount: Double, now: Double) {
        refill(now: now)
        available = min(capacity, available + max(0, amount))
    }

    /// Takes tokens used beyond a reservation; the bucket may go negative and then refills from there.
    /// - Parameters:
    ///   - amount: Tokens to take.
    ///   - now: The time, in seconds.
    public mutating func charge(_ amount: Double, now: Double) {
        refill(now: now)
        available -= max(0, amount)
    }

    /// Lowers what is available to what the upstream says remains (it knows traffic we do not see).
    /// - Parameters:
    ///   - remaining: What the upstream says remains.
    ///   - now: The time, in seconds.
    public mutating func observe(remaining: Double, now: Double) {
        refill(now: now)
        available = min(available, remaining)
    }

    /// After a 429: nothing until `retryAfter` seconds from now, and the bucket empty.
    /// - Parameters:
    ///   - retryAfter: Seconds to block.
    ///   - now: The time, in seconds.
    public mutating func block(for retryAfter: Double, now: Double) {
        refill(now: now)
        available = min(available, 0)
        blockedUntil = max(blockedUntil, now + max(0, retryAfter))
    }
}
