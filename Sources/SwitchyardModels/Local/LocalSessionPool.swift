import Synchronization
import SwitchyardCore
import SwitchyardInference

/// A fixed set of engine sessions (each with its own KV cache) shared by concurrent requests: a request leases
/// one, preferring the session whose cached tokens share the longest prefix with its prompt, and waits when all
/// are busy. A session is returned only after its generation thread has stopped, so two generations never
/// touch one KV cache.
final class LocalSessionPool: Sendable {
    /// One leased session; `@unchecked` because the engine's session is a plain class, handed to one
    /// generation at a time by the pool.
    final class Lease: @unchecked Sendable {
        let session: InferenceSession
        init(_ session: InferenceSession) { self.session = session }
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Lease, any Error>
    }

    private struct State {
        var free: [Lease]
        var waiters: [Waiter] = []
        /// Requests numbered but not yet queued or served.
        var arriving: Set<UInt64> = []
        /// Arriving requests cancelled before they queued (the cancel handler ran first).
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    init(sessions: [InferenceSession]) {
        state = Mutex(State(free: sessions.map(Lease.init)))
    }

    /// Leases a session for `prompt`; waits (cancellably) while every session is busy.
    func acquire(prompt: [Int32]) async throws -> Lease {
        try Task.checkCancellation()
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            s.arriving.insert(s.nextID)
            return s.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                let outcome: Result<Lease, CancellationError>? = state.withLock { s in
                    s.arriving.remove(id)
                    if s.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if let best = Self.bestIndex(in: s.free, for: prompt) { return .success(s.free.remove(at: best)) }
                    s.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> Waiter? in
                guard let i = s.waiters.firstIndex(where: { $0.id == id }) else {
                    // Not queued yet: the request sees this when it tries. Already served: nothing to do.
                    if s.arriving.contains(id) { s.cancelled.insert(id) }
                    return nil
                }
                return s.waiters.remove(at: i)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns a session: to the oldest waiter, else to the free list.
    func release(_ lease: Lease) {
        let waiter = state.withLock { s -> Waiter? in
            if s.waiters.isEmpty {
                s.free.append(lease)
                return nil
            }
            return s.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: lease)
    }

    private static func bestIndex(in free: [Lease], for prompt: [Int32]) -> Int? {
        var best: (index: Int, shared: Int)?
        for (i, lease) in free.enumerated() {
            let cached = lease.session.tokens
            var shared = 0
            while shared < min(cached.count, prompt.count) && cached[shared] == prompt[shared] { shared += 1 }
            if best == nil || shared > best!.shared { best = (i, shared) }
        }
        return best?.index
    }
}
