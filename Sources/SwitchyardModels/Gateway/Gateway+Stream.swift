import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import Tracing

extension Gateway {
    /// Answers a request for `context`'s tenant as a stream of deltas, through the same steps as
    /// ``complete(_:context:)``: route, cache (a cached answer replays as a stream), budget, redaction, rate
    /// limits (reserved before, settled on the final usage), then the provider's stream. Errors before the first
    /// delta retry and fall back like `complete`; once a delta has been emitted, an error ends the stream. The
    /// last delta carries the finish reason, usage and `cache` status; the cost is ledgered when the stream ends.
    ///
    /// A returned stream needs a producer: one task per stream runs ``stream(_:context:into:)``, cancelled when
    /// the consumer stops iterating or drops the stream (which closes the upstream stream). Code that can consume
    /// the deltas in place calls ``stream(_:context:into:)`` itself and needs no task at all.
    /// - Parameters:
    ///   - request: The request: messages, tools, schema, and a model name or task.
    ///   - context: The caller: tenant, tier, run, cost ceiling.
    public func stream(_ request: ChatRequest, context: CallContext) -> AsyncThrowingStream<ChatDelta, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, any Error>.makeStream()
        let producer = Task {
            do {
                try await self.stream(request, context: context) { _ = continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in producer.cancel() }
        return stream
    }

    /// Answers a request as ``stream(_:context:)`` does, handing each delta to `emit` in the caller's task: the
    /// provider's stream is relayed by a child task of a task group this call owns, so returning, throwing or
    /// being cancelled ends it.
    /// - Parameters:
    ///   - request: The request.
    ///   - context: The caller (tenant, tier, run).
    ///   - emit: Receives each delta in order; an error it throws ends the stream (the usage so far is settled).
    /// - Throws: Routing, budget, rate-limit and provider errors before the first delta (after fallbacks), or the
    ///   error that ended the stream.
    public func stream(
        _ request: ChatRequest, context: CallContext, into emit: (ChatDelta) async throws -> Void
    ) async throws {
        let span = ModelCallSpan.start(request: request, context: context)
        defer { span.end() }
        do {
            try await streamUntraced(request, context: context) { delta in
                if delta.finishReason != nil {
                    ModelCallSpan.finish(
                        span, model: delta.model, usage: delta.usage, cost: delta.cost, cache: delta.cache)
                }
                try await emit(delta)
            }
        } catch {
            span.recordError(error)
            throw error
        }
    }

    private func streamUntraced(
        _ request: ChatRequest, context: CallContext, into emit: (ChatDelta) async throws -> Void
    ) async throws {
        try await timer.awaitRunning()
        let validator = try ToolCallValidator(tools: request.tools)
        let promptTokens = Self.estimateTokens(request)
        let candidates = try router.candidates(for: request, context: context, promptTokens: promptTokens)
        let lookup = try await cacheLookup(for: request, context: context)
        if let hit = lookup.hit {
            for delta in ChatDelta.replay(hit, cache: hit.cache) { try await emit(delta) }
            return
        }
        try await withThrowingDiscardingTaskGroup { relays in
            defer { relays.cancelAll() }
            var failures: [String] = []
            var unsupported: SwitchyardError?
            for (index, model) in candidates.enumerated() {
                guard let client = try await ready(model, isLast: index == candidates.count - 1, failures: &failures)
                else { continue }
                let opened: (UpstreamStream, Admission)
                do {
                    opened = try await admit(
                        client, model: model, request: request, context: context, promptTokens: promptTokens
                    ) { outgoing in
                        try await UpstreamStream.open(
                            client.stream(outgoing), firstDeltaWithin: options.timeout, timer: timer, in: &relays)
                    }
                } catch let error as ProviderError where error.kind != .rejected {
                    failures.append("\(model.name): \(error)")
                    continue
                } catch let error as SwitchyardError where Self.isUnsupported(error) {
                    failures.append("\(model.name): \(error.message)")
                    unsupported = error
                    continue
                }
                var (upstream, admission) = opened
                defer { upstream.close() }
                var assembler = ChatResponseAssembler()
                var restorer = PIIStreamRestorer(mapping: admission.pii)
                do {
                    while let delta = try await upstream.next() {
                        assembler.add(delta)
                        // Text goes out as it comes (filled back, a possible placeholder's start held until the
                        // next delta); tool calls are held until validated, and the gateway's own last delta
                        // carries the finish reason and usage.
                        let text = restorer.next(delta.text)
                        if !text.isEmpty { try await emit(ChatDelta(text: text)) }
                    }
                    try Task.checkCancellation()
                    let rest = restorer.finish()
                    if !rest.isEmpty { try await emit(ChatDelta(text: rest)) }
                } catch {
                    // Cut short (cancelled, the consumer failed, or the provider failed mid-stream): account what
                    // was streamed.
                    let partial = assembler.response(model: model.name, estimatedPromptTokens: promptTokens)
                    await settle(admission, usage: partial.usage, feedback: RateLimitFeedback(), context: context)
                    throw error
                }
                var response = admission.pii.restore(
                    assembler.response(model: model.name, estimatedPromptTokens: promptTokens))
                response.cost = await settle(
                    admission, usage: response.usage, feedback: RateLimitFeedback(), context: context)
                response = try await validated(response, for: request, context: context, validator: validator)
                let calls = response.message.toolCalls.enumerated().map { i, call in
                    ChatDelta.ToolCallFragment(
                        index: i, id: call.id, name: call.name, arguments: call.arguments.jsonText)
                }
                if !calls.isEmpty { try await emit(ChatDelta(toolCalls: calls)) }
                try await storeInCache(response, for: request, context: context, lookup: lookup)
                try await emit(
                    ChatDelta(
                        finishReason: response.finishReason, usage: response.usage, cache: "miss",
                        model: response.model, cost: response.cost))
                return
            }
            throw Self.allFailed(candidates, failures, unsupported: unsupported)
        }
    }
}

/// A provider's stream, opened far enough to know it works: the first delta (or the end) has arrived, so an
/// error up to here can still fall back to another deployment.
///
/// A child task of the request's task group relays the provider's deltas, so that the first-delta deadline can
/// end the wait; closing the relay (``close()``, the deadline, or the end of the provider's stream) ends that
/// child, and with it the provider's stream.
struct UpstreamStream {
    private var iterator: AsyncThrowingStream<ChatDelta, any Error>.AsyncIterator
    private var first: ChatDelta?
    private var finished: Bool
    private let relay: AsyncThrowingStream<ChatDelta, any Error>.Continuation

    /// Waits for the first delta of `upstream`, at most `limit`: a provider that accepts the call but sends
    /// nothing fails as a transient error (so the gateway retries or falls back) and its stream is closed.
    /// - Parameters:
    ///   - upstream: The provider's stream.
    ///   - limit: How long the first delta may take.
    ///   - timer: The timer that enforces `limit`.
    ///   - group: The request's task group, which runs the relay.
    /// - Throws: The provider's error before its first delta, or a transient `ProviderError` after `limit`.
    static func open(
        _ upstream: AsyncThrowingStream<ChatDelta, any Error>, firstDeltaWithin limit: Duration, timer: GatewayTimer,
        in group: inout ThrowingDiscardingTaskGroup<any Error>
    ) async throws -> UpstreamStream {
        let (relay, continuation) = AsyncThrowingStream<ChatDelta, any Error>.makeStream()
        let started = AtomicFlag()
        let closed = OneShotSignal()
        continuation.onTermination = { _ in closed.fire() }
        group.addTask {
            await withDiscardingTaskGroup { race in
                race.addTask {
                    do {
                        for try await delta in upstream {
                            started.set()
                            continuation.yield(delta)
                        }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                // The relay closed (by the consumer or the deadline): stop reading the provider.
                await closed.wait()
                race.cancelAll()
            }
        }
        let watchdog = timer.schedule(after: limit) {
            guard !started.isSet else { return }
            continuation.finish(throwing: ProviderError(kind: .transient, message: "no first delta within \(limit)"))
        }
        defer { timer.cancel(watchdog) }
        var iterator = relay.makeAsyncIterator()
        do {
            let first = try await iterator.next()
            return UpstreamStream(iterator: iterator, first: first, finished: first == nil, relay: continuation)
        } catch {
            continuation.finish()
            throw error
        }
    }

    mutating func next() async throws -> ChatDelta? {
        if let delta = first {
            first = nil
            return delta
        }
        if finished { return nil }
        return try await iterator.next()
    }

    /// Closes the relay, which ends its child task and the provider's stream (a no-op once it has ended).
    func close() {
        relay.finish()
    }
}

/// The gateway bound to one caller: a ``ChatModel`` whose calls are all made for `context`'s tenant (tenancy
/// is never implicit: a gateway alone is not a `ChatModel`).
public struct GatewayChatModel: ChatModel {
    public let gateway: Gateway
    public let context: CallContext

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        try await gateway.complete(request, context: context)
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        gateway.stream(request, context: context)
    }

    public func stream(_ request: ChatRequest, into emit: (ChatDelta) async throws -> Void) async throws {
        try await gateway.stream(request, context: context, into: emit)
    }
}

extension Gateway {
    /// This gateway as a ``ChatModel`` for one caller (tenant, tier, run).
    /// - Parameter context: The caller the model's calls are made for.
    public func chatModel(for context: CallContext) -> GatewayChatModel {
        GatewayChatModel(gateway: self, context: context)
    }
}
