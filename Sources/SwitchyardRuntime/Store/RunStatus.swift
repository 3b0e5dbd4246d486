/// Where a run is in its life: `queued → running → (interrupted ⇄ queued) → succeeded | failed | cancelled`.
public struct RunStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard Self.all.contains(where: { $0.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }
    private init(_ rawValue: String) { self.rawValue = rawValue }

    /// Waiting in the queue for a worker.
    public static let queued = RunStatus("queued")
    /// Claimed by a worker that holds its lease.
    public static let running = RunStatus("running")
    /// Stopped for a person (an approval); resuming it puts it back in the queue.
    public static let interrupted = RunStatus("interrupted")
    /// Finished with a result.
    public static let succeeded = RunStatus("succeeded")
    /// Finished with an error.
    public static let failed = RunStatus("failed")
    /// Stopped on request.
    public static let cancelled = RunStatus("cancelled")

    /// Every status.
    public static let all: [RunStatus] = [.queued, .running, .interrupted, .succeeded, .failed, .cancelled]

    /// Whether the run will not change again.
    public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
    public var description: String { rawValue }
}

/// What a submit does when the thread already has an active run (LangGraph's `multitask_strategy`).
public struct MultitaskStrategy: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard Self.all.contains(where: { $0.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }
    private init(_ rawValue: String) { self.rawValue = rawValue }

    /// Refuse the new run with `thread_busy`.
    public static let reject = MultitaskStrategy("reject")
    /// Queue the new run behind the active one.
    public static let enqueue = MultitaskStrategy("enqueue")
    /// Stop the active run at its next step (keeping its progress) and continue the thread with the new input.
    public static let interrupt = MultitaskStrategy("interrupt")
    /// Cancel the active run, drop the thread's checkpoints and start over with the new input.
    public static let rollback = MultitaskStrategy("rollback")

    /// Every strategy.
    public static let all: [MultitaskStrategy] = [.reject, .enqueue, .interrupt, .rollback]
    public var description: String { rawValue }
}
