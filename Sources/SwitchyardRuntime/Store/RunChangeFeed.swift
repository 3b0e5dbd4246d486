import Synchronization

/// In-process wake-ups for what watches the queue and runs: a worker waiting for work, a long-poll waiting for a
/// run to finish, an event stream waiting for the next event.
///
/// A store that has one (``RunStore/changes``) signals after each write it commits: ``Key/queue`` when claimable
/// work may have appeared (a submit, a release, a resume, a finished run freeing a tenant's slot or a thread) and
/// ``Key/run(_:)`` when a run's status or events changed. Watchers still re-read the store after each wake-up and
/// still wake on a timeout: writes from another process (a second server, a CLI) are seen by polling, only later.
///
/// The race between "read the store, found nothing" and "start waiting" is closed by tokens: take
/// ``token()`` *before* the read and pass it to ``wait(for:since:timeout:)``, which returns at once when the key
/// changed after the token. Wake-ups may be spurious (a forgotten change counts as a change); none is lost.
public final class RunChangeFeed: Sendable {
    /// What changed.
    public enum Key: Hashable, Sendable {
        /// Claimable work may have appeared.
        case queue
        /// The run's status or events changed.
        case run(String)
        /// The run was asked to stop (cancelled, or displaced by a newer run on its thread).
        case stop(String)
    }

    /// A point in the feed's history (see ``token()``).
    public struct Token: Sendable, Comparable {
        let counter: UInt64
        public static func < (a: Token, b: Token) -> Bool { a.counter < b.counter }
    }

    private struct Waiter {
        let key: Key
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var counter: UInt64 = 0
        /// The counter at each key's last change; forgotten wholesale past `capacity` (then `floor` moves up).
        var lastChange: [Key: UInt64] = [:]
        var floor: UInt64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        /// Waits cancelled before they were registered.
        var cancelled: Set<UInt64> = []

        func changed(_ key: Key, since token: Token) -> Bool {
            token.counter < floor || (lastChange[key] ?? 0) > token.counter
        }
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// - Parameter capacity: how many keys' last changes are remembered before they are forgotten together.
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// Now, for a later ``wait(for:since:timeout:)``.
    public func token() -> Token {
        state.withLock { Token(counter: $0.counter) }
    }

    /// Records that `keys` changed and wakes everything waiting on them.
    /// - Parameter keys: What changed.
    public func signal(_ keys: Key...) {
        signal(keys)
    }

    /// Records that `keys` changed and wakes everything waiting on them.
    /// - Parameter keys: What changed.
    public func signal(_ keys: [Key]) {
        guard !keys.isEmpty else { return }
        let woken: [CheckedContinuation<Bool, Never>] = state.withLock { s in
            s.counter += 1
            if s.lastChange.count + keys.count > capacity {
                s.lastChange.removeAll(keepingCapacity: true)
                s.floor = s.counter
            }
            for key in keys { s.lastChange[key] = s.counter }
            let ids = s.waiters.compactMap { id, waiter in keys.contains(waiter.key) ? id : nil }
            return ids.compactMap { s.waiters.removeValue(forKey: $0)?.continuation }
        }
        for continuation in woken { continuation.resume(returning: true) }
    }

    /// Returns when `key` changes after `token`, when `timeout` passes, or when the task is cancelled — whichever
    /// comes first (at once if it already changed). `true` when woken by a change.
    /// - Parameters:
    ///   - key: what to watch.
    ///   - token: taken before the caller last read the store.
    ///   - timeout: the longest wait (the caller then polls the store anyway).
    @discardableResult
    public func wait(for key: Key, since token: Token, timeout: Duration) async -> Bool {
        let id = state.withLock { s -> UInt64 in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.wake(id)
        }
        defer {
            timer.cancel()
            state.withLock { _ = $0.cancelled.remove(id) }
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let registered = state.withLock { s -> Bool in
                    if s.cancelled.remove(id) != nil || s.changed(key, since: token) { return false }
                    s.waiters[id] = Waiter(key: key, continuation: continuation)
                    return true
                }
                if !registered { continuation.resume(returning: !Task.isCancelled) }
            }
        } onCancel: {
            wake(id, cancelling: true)
        }
    }

    /// How many waits are in progress (for tests).
    public var waiting: Int { state.withLock { $0.waiters.count } }

    private func wake(_ id: UInt64, cancelling: Bool = false) {
        let continuation = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            if let waiter = s.waiters.removeValue(forKey: id) { return waiter.continuation }
            if cancelling { s.cancelled.insert(id) }
            return nil
        }
        continuation?.resume(returning: false)
    }
}

extension RunStore {
    /// A token of the store's change feed, taken before a read that a later ``waitForChange(_:since:timeout:poll:)``
    /// follows (`nil` when the store has no feed).
    public func changeToken() -> RunChangeFeed.Token? {
        changes?.token()
    }

    /// Waits for `key` to change after `token` (at most `timeout`), or, on a store without a change feed, for
    /// `poll`.
    /// - Parameters:
    ///   - key: what to watch.
    ///   - token: from ``changeToken()`` before the caller's last read.
    ///   - timeout: the longest wait with a feed: the caller polls the store after it anyway, which is how writes
    ///     from other processes are seen.
    ///   - poll: the wait without a feed.
    /// - Throws: `CancellationError` when the task is cancelled.
    public func waitForChange(
        _ key: RunChangeFeed.Key, since token: RunChangeFeed.Token?, timeout: Duration, poll: Duration
    ) async throws {
        if let changes, let token {
            await changes.wait(for: key, since: token, timeout: timeout)
            try Task.checkCancellation()
        } else {
            try await Task.sleep(for: poll)
        }
    }
}
