import Foundation
import PropertyBased
import SwitchyardCore
import SwitchyardModels
import Testing

@Suite struct TokenBucketTests {
    @Test func refillsContinuouslyUpToCapacity() {
        var bucket = TokenBucket.perMinute(60, now: 0)
        let first = bucket.take(60, now: 0)
        let second = bucket.take(1, now: 0)
        #expect(first && !second)
        let wait = bucket.wait(for: 1, now: 0)
        #expect(abs(wait - 1) < 1e-9)
        let refilled = bucket.take(1, now: 1)
        #expect(refilled)
        let never = bucket.wait(for: 120, now: 1000)
        #expect(never == .infinity)
        _ = bucket.wait(for: 0, now: 1000)
        #expect(bucket.available == 60)
    }

    @Test func retryAfterBlocksAndHeadersLowerAvailability() {
        var bucket = TokenBucket.perMinute(600, now: 0)
        bucket.observe(remaining: 5, now: 0)
        #expect(bucket.available == 5)
        bucket.block(for: 3, now: 0)
        let blocked = bucket.wait(for: 1, now: 1)
        #expect(blocked >= 2)
        let free = bucket.wait(for: 1, now: 3.2)
        #expect(free == 0)
    }

    @Test func neverGrantsMoreThanTheRateAllows() async {
        // Whatever the request pattern, tokens granted in [0, t] ≤ capacity + rate × t.
        await propertyCheck(input: Gen.int(in: 1...50).array(of: 1...200), Gen.int(in: 0...500).array(of: 1...200)) {
            sizes, gapsMs in
            var bucket = TokenBucket.perMinute(100, now: 0)
            var now = 0.0
            var granted = 0.0
            for (size, gap) in zip(sizes, gapsMs) {
                now += Double(gap) / 1000
                if bucket.take(Double(size), now: now) { granted += Double(size) }
                #expect(granted <= 100 + 100.0 / 60 * now + 1e-9)
            }
        }
    }
}

@Suite struct SchedulerTests {
    @Test func higherTiersGoFirstAndTenantsTakeTurns() {
        var s = RateLimitScheduler()
        s.configure(deployment: "d", limits: .init(requestsPerMinute: 60), now: 0)
        _ = s.grant(now: 0)
        // Drain the bucket so every waiter queues.
        for _ in 0..<60 { _ = s.enqueue(deployment: "d", tenant: "warmup", tier: 9, tokens: 0, now: 0) }
        #expect(s.grant(now: 0).granted.count == 60)
        let a1 = s.enqueue(deployment: "d", tenant: "a", tier: 0, tokens: 0, now: 0)
        let a2 = s.enqueue(deployment: "d", tenant: "a", tier: 0, tokens: 0, now: 0)
        let a3 = s.enqueue(deployment: "d", tenant: "a", tier: 0, tokens: 0, now: 0)
        let b1 = s.enqueue(deployment: "d", tenant: "b", tier: 0, tokens: 0, now: 0)
        let gold = s.enqueue(deployment: "d", tenant: "c", tier: 2, tokens: 0, now: 0)
        var order: [Int] = []
        var t = 0.0
        while order.count < 5 {
            t += 1
            order += s.grant(now: t).granted
        }
        #expect(order.first == gold)
        #expect(order[1] == a1)
        #expect(order[2] == b1)  // a was served last, so b goes before a's second call
        #expect(Array(order[3...]) == [a2, a3])
    }

    @Test func tenantQuotaHoldsOneTenantWithoutBlockingOthers() {
        var s = RateLimitScheduler()
        s.configure(deployment: "d", limits: .init(requestsPerMinute: 1000), now: 0)
        s.configure(tenant: "greedy", limits: .init(requestsPerMinute: 2), now: 0)
        var greedy: [Int] = []
        for _ in 0..<5 { greedy.append(s.enqueue(deployment: "d", tenant: "greedy", tier: 0, tokens: 0, now: 0)) }
        let other = s.enqueue(deployment: "d", tenant: "other", tier: 0, tokens: 0, now: 0)
        let granted = s.grant(now: 0).granted
        #expect(granted.contains(other))
        #expect(granted.filter { greedy.contains($0) }.count == 2)
    }

    @Test func settleReturnsUnusedTokens() {
        var s = RateLimitScheduler()
        s.configure(deployment: "d", limits: .init(tokensPerMinute: 1000), now: 0)
        _ = s.enqueue(deployment: "d", tenant: "a", tier: 0, tokens: 900, now: 0)
        #expect(s.grant(now: 0).granted.count == 1)
        let next = s.enqueue(deployment: "d", tenant: "a", tier: 0, tokens: 500, now: 0)
        #expect(s.grant(now: 0).granted.isEmpty)
        s.settle(deployment: "d", tenant: "a", reserved: 900, used: 300, now: 0)
        #expect(s.grant(now: 0).granted == [next])
    }

    @Test func tooLargeCallsNeverFit() {
        var s = RateLimitScheduler()
        s.configure(deployment: "d", limits: .init(tokensPerMinute: 1000), now: 0)
        #expect(!s.fits(deployment: "d", tenant: "a", tokens: 1001))
        #expect(s.fits(deployment: "d", tenant: "a", tokens: 1000))
    }
}

@Suite struct RateLimiterTests {
    /// 300 calls against 60 requests/min and 6,000 tokens/min (one limiter minute = 1/60 s): every call gets
    /// through, and no 60-second window (plus the initial burst) is exceeded.
    @Test func burstWaitsInsteadOfFailing() async throws {
        let limiter = RateLimiter(maxWait: .seconds(3600), timeScale: 600)
        await limiter.configure(deployment: "d", limits: .init(requestsPerMinute: 60, tokensPerMinute: 6000))
        let tenant = try TenantID("t")
        let times = try await withThrowingTaskGroup(of: Double.self) { group in
            let start = ContinuousClock.now
            for _ in 0..<300 {
                group.addTask {
                    let r = try await limiter.acquire(deployment: "d", tenant: tenant, tier: 0, tokens: 100)
                    await limiter.settle(r, usedTokens: 100)
                    let d = ContinuousClock.now - start
                    return (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) * 600
                }
            }
            var all: [Double] = []
            for try await t in group { all.append(t) }
            return all.sorted()
        }
        #expect(times.count == 300)
        // Requests granted within any 60 limiter-seconds ≤ 60 (burst capacity) + 60 (refill) + slack.
        for (i, t) in times.enumerated() {
            let inWindow = times[i...].prefix { $0 < t + 60 }.count
            #expect(inWindow <= 125)
        }
        #expect(times.last! >= 60 * (300 - 60) / 60 * 0.9)  // it really waited for capacity
    }

    @Test func oversizedCallFailsAtOnce() async throws {
        let limiter = RateLimiter()
        await limiter.configure(deployment: "d", limits: .init(tokensPerMinute: 1000))
        await #expect {
            try await limiter.acquire(deployment: "d", tenant: try TenantID("t"), tier: 0, tokens: 5000)
        } throws: { ($0 as? SwitchyardError)?.code == .requestTooLarge }
    }

    @Test func waitingIsBoundedAndCancellable() async throws {
        let limiter = RateLimiter(maxWait: .milliseconds(200))
        await limiter.configure(deployment: "d", limits: .init(requestsPerMinute: 1))
        let tenant = try TenantID("t")
        _ = try await limiter.acquire(deployment: "d", tenant: tenant, tier: 0, tokens: 0)
        await #expect { try await limiter.acquire(deployment: "d", tenant: tenant, tier: 0, tokens: 0) } throws: {
            ($0 as? SwitchyardError)?.code == .rateLimited
        }
        let task = Task { try await limiter.acquire(deployment: "d", tenant: tenant, tier: 0, tokens: 0) }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await limiter.waitingCount == 0)
    }
}

@Suite struct RateLimitFeedbackTests {
    @Test func parsesProviderHeaders() {
        let openAI = RateLimitFeedback(headers: [
            ("x-ratelimit-remaining-requests", "59"), ("x-ratelimit-remaining-tokens", "9000"), ("Retry-After", "2"),
        ])
        #expect(openAI == RateLimitFeedback(remainingRequests: 59, remainingTokens: 9000, retryAfter: 2))
        let anthropic = RateLimitFeedback(headers: [
            ("anthropic-ratelimit-requests-remaining", "3"), ("anthropic-ratelimit-tokens-remaining", "100"),
            ("retry-after-ms", "1500"),
        ])
        #expect(anthropic == RateLimitFeedback(remainingRequests: 3, remainingTokens: 100, retryAfter: 1.5))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let date = RateLimitFeedback(headers: [("retry-after", "Tue, 14 Nov 2023 22:13:30 GMT")], now: now)
        #expect(date.retryAfter == 10)
        #expect(RateLimitFeedback(headers: [("x-ratelimit-remaining-tokens", "-1")]).remainingTokens == nil)
    }

    @Test(arguments: [("1s", 1.0), ("6m0s", 360.0), ("1h2m3.5s", 3723.5), ("250ms", 0.25)])
    func parsesGoDurations(_ text: String, _ seconds: Double) {
        #expect(RateLimitFeedback.goDuration(text) == seconds)
    }

    @Test func rejectsBadDurations() {
        #expect(RateLimitFeedback.goDuration("abc") == nil)
        #expect(RateLimitFeedback.goDuration("5x") == nil)
    }
}
