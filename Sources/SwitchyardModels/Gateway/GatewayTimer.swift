import HeapModule
import SwitchyardCore
import ServiceLifecycle
import Synchronization

/// The gateway's one timer: provider-call deadlines, the first-delta watchdog of streams and the rate limiter's
/// wake-ups and wait limits, all on one loop run as a swift-service-lifecycle `Service` (as Hummingbird runs its
/// `DateCache`).
///
/// Run it where the gateway lives: the server adds it to its application's `ServiceGroup`
/// (``Gateway/timer``); a command or a test that uses a gateway without a server wraps its calls in
/// ``withRunning(_:)``. Entries scheduled before the loop starts wait for it.
///
/// A deadline is a heap entry of a few bytes that ``cancel(_:)`` forgets at once, not a sleeping task: a
/// `Task.sleep` per call keeps its timer alive until the deadline on Linux even after it is cancelled (a busy
/// gateway with a 120 s timeout held ~180 MB of dead timers at 2,000 requests/s, docs/gateway-bench.md). The loop
/// sleeps once, until the earliest deadline, and is woken only when an earlier one arrives.
public final class GatewayTimer: Service {
    /// Names a scheduled action, for ``cancel(_:)``.
    public struct ID: Hashable, Sendable {
        fileprivate let raw: UInt64
    }

    private struct Entry: Comparable {
        var deadline: ContinuousClock.Instant
        var id: UInt64
        static func < (a: Entry, b: Entry) -> Bool { (a.deadline, a.id) < (b.deadline, b.id) }
    }

    private enum Phase { case idle, running, stopped }

    private struct State {
        var heap = Heap<Entry>()
        var actions: [UInt64: (deadline: ContinuousClock.Instant, run: @Sendable () -> Void)] = [:]
        var nextID: UInt64 = 0
        var phase = Phase.idle
        /// The deadline the loop sleeps until (nil: it sleeps until woken).
        var armed: ContinuousClock.Instant?
        /// The sleeping loop, resumed when an earlier deadline arrives or the timer stops.
        var wake: CheckedContinuation<Void, Never>?
        /// A wake-up that came while the loop was not waiting; its next wait returns at once.
        var wakePending = false
        var stopRequested = false
    }

    private let state = Mutex(State())

    /// A timer; it fires nothing until ``run()`` runs.
    public init() {}

    /// Runs `action` on the timer's loop after `delay` (at once when `delay` is not positive), unless
    /// ``cancel(_:)`` is called first. The action must be quick: it runs on the loop, before later deadlines.
    /// - Parameters:
    ///   - delay: How long from now.
    ///   - action: What to run then.
    @discardableResult
    public func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> ID {
        let deadline = ContinuousClock.now.advanced(by: max(delay, .zero))
        let (id, wake) = state.withLock { s -> (UInt64, CheckedContinuation<Void, Never>?) in
            s.nextID += 1
            let entry = Entry(deadline: deadline, id: s.nextID)
            s.actions[entry.id] = (deadline, action)
            s.heap.insert(entry)
            return (entry.id, Self.wakeIfEarlier(deadline, &s))
        }
        wake?.resume()
        return ID(raw: id)
    }

    /// Forgets a scheduled action; it will not run (a no-op when it already ran).
    /// - Parameter id: What ``schedule(after:_:)`` returned.
    public func cancel(_ id: ID) {
        state.withLock { s in
            s.actions[id.raw] = nil
            // Cancelled entries surface and are dropped in deadline order; rebuild when they outnumber the live.
            if s.heap.count > 2 * s.actions.count + 64 {
                s.heap = Heap(s.actions.map { Entry(deadline: $0.value.deadline, id: $0.key) })
            }
        }
    }

    /// Live actions and heap entries (live plus cancelled ones not yet dropped), for tests and metrics.
    public var counts: (live: Int, heap: Int) {
        state.withLock { ($0.actions.count, $0.heap.count) }
    }

    /// Whether the loop is running now.
    public var isRunning: Bool { state.withLock { $0.phase == .running } }

    /// Returns once the loop runs: at once when it does; a `ServiceGroup` starts its services concurrently, so a
    /// first call may come a moment before the loop, and waits for it up to `patience`.
    /// - Parameter patience: How long to wait for a loop that has not started.
    /// - Throws: `service_not_running` when the loop has stopped or does not start within `patience`.
    public func awaitRunning(patience: Duration = .seconds(2)) async throws {
        let start = ContinuousClock.now
        while true {
            switch state.withLock({ $0.phase }) {
            case .running:
                return
            case .stopped:
                throw SwitchyardError(
                    code: .serviceNotRunning,
                    message: "the gateway's timer has stopped (the application is shutting down); retry on a "
                        + "running server")
            case .idle where ContinuousClock.now - start >= patience:
                throw SwitchyardError(
                    code: .serviceNotRunning,
                    message: "the gateway's timer is not running, so no deadline or rate limit could fire: run "
                        + "gateway.timer in the application's ServiceGroup (buildApplication does), or wrap the "
                        + "calls in gateway.timer.withRunning { … }")
            case .idle:
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Runs the loop until the task is cancelled or a graceful shutdown of its `ServiceGroup` begins.
    /// - Throws: Nothing of its own (`Service` requires `throws`).
    public func run() async throws {
        state.withLock { s in
            s.phase = .running
            s.stopRequested = false
        }
        await withGracefulShutdownHandler {
            await loop()
        } onGracefulShutdown: {
            self.stop()
        }
        state.withLock { s in
            s.phase = .stopped
            s.armed = nil
        }
    }

    /// Runs the loop for the duration of `body`: for a command or a test that uses a gateway without a server.
    /// - Parameter body: The work that needs the timer.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func withRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { try await self.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    private func stop() {
        let wake = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.stopRequested = true
            return Self.takeWake(&s)
        }
        wake?.resume()
    }

    private func loop() async {
        while !Task.isCancelled {
            let (due, next, stopping) = state.withLock {
                s -> ([@Sendable () -> Void], ContinuousClock.Instant?, Bool) in
                var due: [@Sendable () -> Void] = []
                s.wakePending = false
                let now = ContinuousClock.now
                while let top = s.heap.min {
                    guard let action = s.actions[top.id] else {
                        s.heap.removeMin()
                        continue
                    }
                    guard top.deadline <= now else { break }
                    s.heap.removeMin()
                    s.actions[top.id] = nil
                    due.append(action.run)
                }
                s.armed = due.isEmpty ? s.heap.min?.deadline : nil
                return (due, s.armed, s.stopRequested)
            }
            if stopping { return }
            for action in due { action() }
            if due.isEmpty { await sleep(until: next) }
        }
    }

    /// Sleeps until `deadline` (forever when nil) or until woken by an earlier deadline, a stop or cancellation.
    private func sleep(until deadline: ContinuousClock.Instant?) async {
        await withTaskGroup(of: Void.self) { group in
            if let deadline {
                group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            }
            group.addTask { await self.waitForWake() }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForWake() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.wakePending || s.stopRequested || Task.isCancelled {
                        s.wakePending = false
                        return true
                    }
                    s.wake = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { Self.takeWake(&$0) }?.resume()
        }
    }

    /// The loop's continuation to resume when `deadline` is earlier than what the loop sleeps until.
    private static func wakeIfEarlier(
        _ deadline: ContinuousClock.Instant, _ s: inout State
    ) -> CheckedContinuation<Void, Never>? {
        guard s.phase == .running, s.armed.map({ deadline < $0 }) ?? true else { return nil }
        s.armed = deadline
        return takeWake(&s)
    }

    private static func takeWake(_ s: inout State) -> CheckedContinuation<Void, Never>? {
        guard let wake = s.wake else {
            s.wakePending = true
            return nil
        }
        s.wake = nil
        return wake
    }
}
