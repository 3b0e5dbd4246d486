import Foundation
import SwitchyardCore
import SwitchyardModelAPI

extension Gateway {
    /// Answers a request for `context`'s tenant as a stream of deltas, through the same steps as
    /// ``complete(_:context:)``: route, cache (a cached answer replays as a stream), budget, redaction, rate
    /// limits (reserved before, settled on the final usage), then the provider's stream. Errors before the first
    /// delta retry and fall back like `complete`; once a delta has been emitted, an error ends the stream. The
    /// last delta carries the finish reason, usage and `cache` status; the cost is ledgered when the stream ends.
    /// Cancelling the consumer closes the upstream stream.
    public func stream(_ request: ChatRequest, context: CallContext) -> AsyncThrowingStream<ChatDelta, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, any Error>.makeStream()
        let task = Task {
            do {
                try await run(request, context: context, into: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run(
        _ request: ChatRequest, context: CallContext, into out: AsyncThrowingStream<ChatDelta, any Error>.Continuation
    ) async throws {
        let validator = try ToolCallValidator(tools: request.tools)
        let promptTokens = Self.estimateTokens(request)
        let candidates = try router.candidates(for: request, context: context, promptTokens: promptTokens)
        let lookup = try await cacheLookup(for: request, context: context)
        if let hit = lookup.hit {
            for delta in ChatDelta.replay(hit, cache: hit.cache) { out.yield(delta) }
            return
        }
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
                    try await UpstreamStream.open(client.stream(outgoing), firstDeltaWithin: options.timeout)
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
            var assembler = ChatResponseAssembler()
            do {
                while let delta = try await upstream.next() {
                    assembler.add(delta)
                    // Text goes out as it comes; tool calls are held until validated, and the gateway's own
                    // last delta carries the finish reason and usage.
                    if !delta.text.isEmpty { out.yield(ChatDelta(text: delta.text)) }
                }
                try Task.checkCancellation()
            } catch {
                // Cut short (cancelled, or the provider failed mid-stream): account what was streamed.
                let partial = assembler.response(model: model.name, estimatedPromptTokens: promptTokens)
                await settle(admission, usage: partial.usage, feedback: RateLimitFeedback(), context: context)
                throw error
            }
            var response = assembler.response(model: model.name, estimatedPromptTokens: promptTokens)
            response.cost = await settle(
                admission, usage: response.usage, feedback: RateLimitFeedback(), context: context)
            response = try await validated(response, for: request, context: context, validator: validator)
            let calls = response.message.toolCalls.enumerated().map { i, call in
                ChatDelta.ToolCallFragment(index: i, id: call.id, name: call.name, arguments: call.arguments.jsonText)
            }
            if !calls.isEmpty { out.yield(ChatDelta(toolCalls: calls)) }
            try await storeInCache(response, for: request, context: context, lookup: lookup)
            out.yield(ChatDelta(finishReason: response.finishReason, usage: response.usage, cache: "miss"))
            return
        }
        throw Self.allFailed(candidates, failures, unsupported: unsupported)
    }
}

/// A provider's stream, opened far enough to know it works: the first delta (or the end) has arrived, so an
/// error up to here can still fall back to another deployment.
struct UpstreamStream {
    private var iterator: AsyncThrowingStream<ChatDelta, any Error>.AsyncIterator
    private var first: ChatDelta?
    private var finished: Bool

    /// Waits for the first delta of `upstream`, at most `limit`: a provider that accepts the call but sends
    /// nothing fails as a transient error (so the gateway retries or falls back) and its stream is closed.
    static func open(
        _ upstream: AsyncThrowingStream<ChatDelta, any Error>, firstDeltaWithin limit: Duration
    )
        async throws -> UpstreamStream
    {
        let (relay, continuation) = AsyncThrowingStream<ChatDelta, any Error>.makeStream()
        let started = AtomicFlag()
        let pump = Task {
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
        let watchdog = DeadlineScheduler.shared.schedule(after: limit) {
            guard !started.isSet else { return }
            continuation.finish(throwing: ProviderError(kind: .transient, message: "no first delta within \(limit)"))
            pump.cancel()
        }
        continuation.onTermination = { _ in
            pump.cancel()
            DeadlineScheduler.shared.cancel(watchdog)
        }
        var iterator = relay.makeAsyncIterator()
        let first = try await iterator.next()
        DeadlineScheduler.shared.cancel(watchdog)
        return UpstreamStream(iterator: iterator, first: first, finished: first == nil)
    }

    mutating func next() async throws -> ChatDelta? {
        if let delta = first {
            first = nil
            return delta
        }
        if finished { return nil }
        return try await iterator.next()
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
}

extension Gateway {
    /// This gateway as a ``ChatModel`` for one caller (tenant, tier, run).
    public func chatModel(for context: CallContext) -> GatewayChatModel {
        GatewayChatModel(gateway: self, context: context)
    }
}

