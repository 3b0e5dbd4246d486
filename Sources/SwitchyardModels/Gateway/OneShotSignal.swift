import Synchronization

/// A signal that fires once; tasks wait for it without a timer or a polling loop. ``GatewayTimer`` actions fire
/// it to end a child task of a task group (a deadline, a stream's stop): structured code cancels one branch of a
/// race this way.
final class OneShotSignal: Sendable {
    private struct State {
        var fired = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Waiters whose task was cancelled before they suspended.
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())

    /// Whether ``fire()`` was called.
    var isFired: Bool { state.withLock { $0.fired } }

    /// Wakes every waiter, now and later.
    func fire() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            guard !s.fired else { return [] }
            s.fired = true
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when the signal fires or the waiting task is cancelled, whichever comes first.
    func wait() async {
        let id = state.withLock { s -> Int in
            s.nextID += 1
            return s.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.fired || s.cancelled.remove(id) != nil { return true }
                    s.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let mine = state.withLock { s -> CheckedContinuation<Void, Never>? in
                if let continuation = s.waiters.removeValue(forKey: id) { return continuation }
                if !s.fired { s.cancelled.insert(id) }
                return nil
            }
            mine?.resume()
        }
    }
}
