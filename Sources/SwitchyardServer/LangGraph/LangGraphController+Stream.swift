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
                var after = started.after
                var quiet = ContinuousClock.now
                var status = run.status
                while true {
                    // Status first, then events: events are written before the status changes, so a final
                    // status read before an empty page means the stream is complete.
                    status = try await store.run(tenant: tenant, id: run.id)?.status ?? .cancelled
                    let page = try await store.events(tenant: tenant, run: run.id, after: after, limit: 500)
                    for event in page {
                        after = event.seq
                        var values: JSONValue?
                        if stream.needsValues(event), let checkpoint = event.data["checkpoint"]?.stringValue {
                            values = try await reader.stateValues(
                                tenant: tenant, thread: run.thread, checkpoint: checkpoint)
                        }
                        for text in stream.translate(event, values: values) {
                            try await writer.write(ByteBuffer(string: text))
                        }
                    }
                    if page.isEmpty {
                        if status.isFinal || status == .interrupted { break }
                        if ContinuousClock.now - quiet > .seconds(15) {
                            try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                            quiet = ContinuousClock.now
                        }
                        try await Task.sleep(for: .milliseconds(25))
                    } else {
                        quiet = ContinuousClock.now
                    }
                }
                try await writer.write(
                    ByteBuffer(
                        string: LangGraphWire.sse(
                            "end", ["run_id": .string(run.id), "status": .string(LangGraphWire.status(status))])))
                try await writer.finish(nil)
            })
    }
}
