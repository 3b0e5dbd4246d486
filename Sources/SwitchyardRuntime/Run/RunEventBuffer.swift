import Foundation
import Synchronization
import SwitchyardCore

/// A run's events between the graph that emits them and the store: the graph never waits for a write, and the
/// writer takes everything that piled up while its last write was being committed, so a slow commit (an fsync)
/// means fewer, larger writes rather than a backlog.
///
/// Events that say something started or stopped (``RunExecutor/writesAtOnce(_:)``) make the buffer due at once;
/// a step's end, checkpoint, message and usage wait for the next one; a model's streamed text is merged into one
/// `token` event per node and made due at most every 100 ms. The events that end the attempt stay behind for the
/// completion, which writes them in its own transaction.
final class RunEventBuffer: Sendable {
    private struct State {
        var pending: [(kind: String, data: JSONValue)] = []
        var due = false
        var lastWrite = ContinuousClock.now
        var metrics: RunMetrics
    }

    private let state: Mutex<State>
    private let doorbell: AsyncStream<Void>.Continuation
    private let rings: AsyncStream<Void>

    /// - Parameter metrics: The run's metrics so far (earlier attempts').
    init(metrics: RunMetrics) {
        state = Mutex(State(metrics: metrics))
        (rings, doorbell) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Adds an event; never waits.
    ///
    /// - Parameters:
    ///   - kind: The event's kind (`node.start`, `token` …).
    ///   - data: Its payload.
    func append(_ kind: String, _ data: JSONValue) {
        let ring = state.withLock { state -> Bool in
            state.metrics.record(kind, data)
            if kind == "token", let last = state.pending.last, last.kind == "token", last.data["node"] == data["node"] {
                let text = (last.data["text"]?.stringValue ?? "") + (data["text"]?.stringValue ?? "")
                state.pending[state.pending.count - 1].data = ["node": data["node"] ?? .null, "text": .string(text)]
            } else {
                state.pending.append((kind, data))
            }
            let due =
                (kind == "token" && ContinuousClock.now - state.lastWrite > .milliseconds(100))
                || (RunExecutor.writesAtOnce(kind) && !RunExecutor.endsRun(kind))
            guard due && !state.due else { return false }
            state.due = true
            return true
        }
        if ring { doorbell.yield() }
    }

    /// No more events: the writer loop ends after its last write.
    func finish() { doorbell.finish() }

    /// Writes due events with `write` until ``finish()``, then returns what was not due (for the completion) and
    /// the metrics.
    ///
    /// - Parameter write: Stores a batch of events (errors are the caller's to ignore or log).
    /// - Returns: The events left for the completion and the run's metrics.
    func drain(
        _ write: ([(kind: String, data: JSONValue)]) async -> Void
    ) async -> (rest: [(kind: String, data: JSONValue)], metrics: RunMetrics) {
        for await _ in rings {
            let batch = state.withLock { state -> [(kind: String, data: JSONValue)] in
                guard state.due else { return [] }
                state.due = false
                defer { state.pending.removeAll() }
                return state.pending
            }
            if batch.isEmpty { continue }
            await write(batch)
            state.withLock { $0.lastWrite = ContinuousClock.now }
        }
        return state.withLock { state in
            defer { state.pending.removeAll() }
            return (state.pending, state.metrics)
        }
    }
}
