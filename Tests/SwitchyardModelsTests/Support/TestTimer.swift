import SwitchyardModels

/// One gateway timer running for the whole test process, for the tests that are not about the timer itself
/// (those run their own with `withRunning` or in a `ServiceGroup`).
enum TestTimer {
    static let running: GatewayTimer = {
        let timer = GatewayTimer()
        Task.detached { try? await timer.run() }
        return timer
    }()

    /// A limiter on the running timer.
    static func limiter(maxWait: Duration = .seconds(120), timeScale: Double = 1) -> RateLimiter {
        RateLimiter(maxWait: maxWait, timeScale: timeScale, timer: running)
    }
}
