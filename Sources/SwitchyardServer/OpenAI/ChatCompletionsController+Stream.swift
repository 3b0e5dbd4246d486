import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardRuntime

extension ChatCompletionsController {
    /// Answers `stream: true` with server-sent events from ``Gateway/stream(_:context:)``. The first delta is
    /// awaited before the status is sent, so routing, budget and upstream failures still get their JSON error
    /// status; an error after that ends the stream with a `data: {"error": …}` event. `x-switchyard-cache` is not
    /// sent (it is known only at the end); the last chunk before `[DONE]` carries the usage.
    func streamed(_ chat: ChatRequest, call: CallContext) async throws -> Response {
        let start = ContinuousClock.now
        let deltas = gateway.stream(chat, context: call)
        // The iterator is used by one task at a time: here for the first delta, then by the body writer.
        nonisolated(unsafe) var iterator = deltas.makeAsyncIterator()
        let first: ChatDelta?
        do {
            first = try await iterator.next()
        } catch {
            throw APIError.from(error)
        }
        let id = ChatCompletionResponse.newID()
        let created = Int(Date().timeIntervalSince1970)
        let model = chat.model
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        headers[Self.modelField] = model
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var next = first
                var isFirst = true
                var usage: Usage?
                var last = ChatDelta()
                do {
                    while let delta = next {
                        if delta.usage != nil { usage = delta.usage }
                        if delta.usage != nil || delta.cost != nil || delta.cache != nil { last = delta }
                        let event = ChatCompletionChunk.event(
                            delta, id: id, model: model, created: created, first: isFirst)
                        try await writer.write(ByteBuffer(string: event))
                        isFirst = false
                        next = try await iterator.next()
                    }
                    if let usage {
                        try await record(
                            id: id, tenant: call.tenant, model: last.model ?? model, usage: usage, cost: last.cost ?? 0,
                            cache: last.cache ?? "miss", latency: ContinuousClock.now - start)
                        try await writer.write(
                            ByteBuffer(string: ChatCompletionChunk.usage(usage, id: id, model: model, created: created))
                        )
                    }
                } catch {
                    let failure = APIError.from(error)
                    try await writer.write(ByteBuffer(string: ChatCompletionChunk.data(failure.body)))
                }
                try await writer.write(ByteBuffer(string: ChatCompletionChunk.done))
                try await writer.finish(nil)
            })
    }
}
