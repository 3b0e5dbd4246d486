import Synchronization

/// The outcome of a commit handed over with ``Checkpointer/enqueueCommit(_:)``: the checkpointer completes it once
/// the commit is durable (or failed), and ``wait()`` returns (or throws) from then on.
public final class CommitTicket: Sendable {
    private enum State {
        case pending([CheckedContinuation<Void, any Error>])
        case done((any Error)?)
    }

    private let state: Mutex<State>

    /// A ticket for a commit still being written.
    public init() {
        state = Mutex(.pending([]))
    }

    /// A ticket whose commit is already written (`nil`) or failed.
    /// - Parameter error: What the commit threw, or `nil`.
    public init(completed error: (any Error)?) {
        state = Mutex(.done(error))
    }

    /// Records the commit's outcome and wakes whoever waits; later calls are ignored.
    /// - Parameter error: What the commit threw, or `nil` when it is durable.
    public func complete(_ error: (any Error)?) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            guard case .pending(let waiters) = state else { return [] }
            state = .done(error)
            return waiters
        }
        for waiter in waiters {
            if let error { waiter.resume(throwing: error) } else { waiter.resume() }
        }
    }

    /// Returns once the commit is durable.
    /// - Throws: What the commit threw (`thread_conflict`, the backend's errors).
    public func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome = state.withLock { state -> (any Error)?? in
                switch state {
                case .pending(var waiters):
                    waiters.append(continuation)
                    state = .pending(waiters)
                    return nil
                case .done(let error):
                    return .some(error)
                }
            }
            guard let outcome else { return }
            if let error = outcome { continuation.resume(throwing: error) } else { continuation.resume() }
        }
    }
}
