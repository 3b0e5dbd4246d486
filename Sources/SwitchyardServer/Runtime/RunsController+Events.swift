import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchyardCore
import SwitchyardRuntime

extension RunsController {
    /// `GET /v1/runs/{id}/events`: server-sent events of the run — `run.created` (with the run and thread ids),
    /// node starts and ends, model tokens, interrupts and the result — each with its sequence number as the event
    /// id and the run and thread ids in its data. A client that reconnects with `Last-Event-ID` (or `?after=N`)
    /// gets exactly the events after that one. The stream ends when the run has finished or stopped for a person
    /// and every event is sent; a comment line every 15 s keeps idle connections open.
    @Sendable func events(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let run = try await run(context)
        var after = 0
        if let header = request.headers[Self.lastEventIDField] ?? request.query("after") {
            guard let value = Int(header), value >= 0 else {
                throw APIError(
                    .badRequest, code: .invalidArgument,
                    message: "Last-Event-ID must be the id of an event this stream sent (a whole number)")
            }
            after = value
        }
        let (store, tenant, id, thread) = (api.store, context.caller.tenant, run.id, run.thread)
        let start = after
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var tail = RunEventTail(store: store, tenant: tenant, run: id, after: start)
                while let page = try await tail.next(keepAlive: {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }) {
                    for event in page {
                        try await writer.write(ByteBuffer(string: Self.sse(event, run: id, thread: thread)))
                    }
                }
                try await writer.finish(nil)
            })
    }

    /// One event in SSE framing: `id`, `event` and one `data` line of JSON.
    static func sse(_ event: RunEvent, run: String, thread: String) -> String {
        let data: JSONValue = [
            "seq": .int(event.seq), "kind": .string(event.kind), "run_id": .string(run), "thread_id": .string(thread),
            "time": .string(event.time.iso8601), "data": event.data,
        ]
        return "id: \(event.seq)\nevent: \(event.kind)\ndata: \(data.jsonText)\n\n"
    }
}
