import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchyardCore
import SwitchyardRuntime

extension LangGraphController {
    /// `POST /threads/{id}/runs/stream`: starts (or resumes) a run and streams it as server-sent events in
    /// LangGraph's framing — `metadata` `{run_id, thread_id}` first, then the requested modes' events
    /// (``LangGraphStream``), then `end` `{run_id, status}` once the run has finished or stopped for a person.
    /// The run goes on if the client disconnects; a comment line every 15 s keeps an idle connection open.
    @Sendable func streamRun(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let tenant = context.caller.tenant
        let thread = try context.path("thread_id")
        // The state before the run, for the first step's `updates` of a resumed run.
        let initial = (try? await threads.stateValues(tenant: tenant, thread: thread)) ?? nil
        let started = try await start(request, context: context)
        let (store, reader, run) = (api.store, self.threads, started.run)
        var headers = Self.location(run)
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var stream = LangGraphStream(run: run.id, modes: started.modes, initial: initial)
                try await writer.write(
                    ByteBuffer(
                        string: LangGraphWire.sse(
                            "metadata", ["run_id": .string(run.id), "thread_id": .string(run.thread), "attempt": 1])))
                var tail = RunEventTail(store: store, tenant: tenant, run: run.id, after: started.after)
                while let page = try await tail.next(keepAlive: {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }) {
                    for event in page {
                        var values: JSONValue?
                        if stream.needsValues(event), let checkpoint = event.data["checkpoint"]?.stringValue {
                            values = try await reader.stateValues(
                                tenant: tenant, thread: run.thread, checkpoint: checkpoint)
                        }
                        for text in stream.translate(event, values: values) {
                            try await writer.write(ByteBuffer(string: text))
                        }
                    }
                }
                let status = tail.status
                try await writer.write(
                    ByteBuffer(
                        string: LangGraphWire.sse(
                            "end", ["run_id": .string(run.id), "status": .string(LangGraphWire.status(status))])))
                try await writer.finish(nil)
            })
    }
}
