import Foundation
import SwitchyardCore

/// Receives a run's events as they happen; called from several tasks, so it must be thread-safe.
public typealias GraphEventHandler<State: GraphState> = @Sendable (GraphEvent<State>) -> Void

/// A checked graph bound to a checkpointer: runs threads, resumes them, shows and forks their history.
///
/// Every step is checkpointed before the next starts; a run that stops for any reason (interrupt, failure,
/// cancellation, a killed process) continues from its last checkpoint with ``resume(tenant:thread:value:options:onEvent:)``
/// and no finished task runs again.
public struct CompiledGraph<State: GraphState>: Sendable {
    let graph: StateGraph<State>
    /// Where threads are stored.
    public let checkpointer: any Checkpointer
    /// The graph's name, recorded on each thread; a thread only runs on the graph that created it.
    public let name: String
    let codec: StateCodec<State>
    let staticEdges: [String: [String]]
    let conditionalEdges: [String: [StateGraph<State>.ConditionalEdge]]
    let heads = HeadCache<State>()
    /// The nodes by position, and positions by name (see `StateCodec` for why not a dictionary of nodes).
    let nodeList: [StateGraph<State>.Node]
    let nodeIndex: [String: Int]
    /// `false` when compiled without a checkpointer: runs keep nothing (see ``StateGraph/compile(name:)``).
    let persistent: Bool

    init(graph: StateGraph<State>, checkpointer: (any Checkpointer)?, name: String) {
        self.graph = graph
        self.checkpointer = checkpointer ?? NoCheckpointer()
        self.persistent = checkpointer != nil
        self.name = name
        self.codec = StateCodec()
        self.nodeList = graph.nodeOrder.compactMap { graph.nodes[$0] }
        self.nodeIndex = Dictionary(uniqueKeysWithValues: nodeList.enumerated().map { ($1.name, $0) })
        var staticEdges: [String: [String]] = [:]
        for edge in graph.edges { staticEdges[edge.from, default: []].append(edge.to) }
        self.staticEdges = staticEdges
        self.conditionalEdges = Dictionary(grouping: graph.conditionalEdges, by: \.source)
    }

    /// The node names, in the order they were added.
    public var nodeNames: [String] { graph.nodeOrder }

    /// Sends `input` to a thread (creating it if new) and runs until it ends, is interrupted or fails.
    ///
    /// A thread with unfinished steps (interrupted, failed, cancelled) must be resumed first: `thread_busy`.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - input: Writes merged into the state before the first step.
    ///   - options: Recursion limit, breakpoints, durability.
    ///   - onEvent: Receives each event as it happens.
    /// - Returns: How the run ended; a node's failure is a `failed` result, not an error.
    /// - Throws: `thread_busy`; `graph_mismatch`; `checkpointer_required` for a breakpoint without a checkpointer;
    ///   the checkpointer's errors (`thread_conflict`); `corrupt_checkpoint`.
    public func invoke(
        tenant: TenantID, thread: String, input: Update<State> = .none, options: RunOptions = RunOptions(),
        onEvent: GraphEventHandler<State>? = nil
    ) async throws -> RunResult<State> {
        try await execute(tenant: tenant, thread: thread, start: .input(input), options: options, emit: onEvent)
    }

    /// Continues a thread from its last checkpoint, answering its one pending interrupt with `value` if given.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - value: The answer to the pending interrupt.
    ///   - options: Recursion limit, breakpoints, durability.
    ///   - onEvent: Receives each event as it happens.
    /// - Returns: How the run ended; a node's failure is a `failed` result, not an error.
    /// - Throws: `thread_not_found`; `graph_mismatch`; `no_pending_interrupt` for a value with nothing to answer,
    ///   `ambiguous_resume` when several interrupts wait; `checkpointer_required` without a checkpointer; the
    ///   checkpointer's errors.
    public func resume(
        tenant: TenantID, thread: String, value: JSONValue? = nil, options: RunOptions = RunOptions(),
        onEvent: GraphEventHandler<State>? = nil
    ) async throws -> RunResult<State> {
        let answers: Answers = value.map { .single($0) } ?? .none
        return try await execute(
            tenant: tenant, thread: thread, start: .resume(answers), options: options, emit: onEvent)
    }

    /// Continues a thread, answering pending interrupts by id; unanswered ones stay pending.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - answers: Answers by interrupt id.
    ///   - options: Recursion limit, breakpoints, durability.
    ///   - onEvent: Receives each event as it happens.
    /// - Returns: How the run ended; a node's failure is a `failed` result, not an error.
    /// - Throws: `thread_not_found`; `graph_mismatch`; `unknown_interrupt` for an id that is not pending;
    ///   `checkpointer_required` without a checkpointer; the checkpointer's errors.
    public func resume(
        tenant: TenantID, thread: String, answers: [String: JSONValue], options: RunOptions = RunOptions(),
        onEvent: GraphEventHandler<State>? = nil
    ) async throws -> RunResult<State> {
        try await execute(
            tenant: tenant, thread: thread, start: .resume(.byID(answers)), options: options, emit: onEvent)
    }

    /// Runs like ``invoke(tenant:thread:input:options:onEvent:)`` and yields the events; the stream ends after
    /// `runFinished`, or throws. Cancelling the consuming task cancels the run.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - input: Writes merged into the state before the first step.
    ///   - options: Recursion limit, breakpoints, durability.
    public func stream(
        tenant: TenantID, thread: String, input: Update<State> = .none, options: RunOptions = RunOptions()
    ) -> AsyncThrowingStream<GraphEvent<State>, any Error> {
        let (stream, continuation) = AsyncThrowingStream<GraphEvent<State>, any Error>.makeStream()
        let task = Task {
            do {
                _ = try await invoke(tenant: tenant, thread: thread, input: input, options: options) {
                    continuation.yield($0)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
