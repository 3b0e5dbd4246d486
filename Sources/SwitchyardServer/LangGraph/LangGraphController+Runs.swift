import Foundation
import HTTPTypes
import Hummingbird
import SwitchyardCore
import SwitchyardRuntime

extension LangGraphController {
    /// A run a request started (or resumed), and the last event it had before, so a stream shows only what
    /// follows.
    struct Started: Sendable {
        var run: RunRecord
        var after: Int
        var modes: [String]
    }

    /// Starts the run a request asks for on the path's thread.
    ///
    /// - `command: {resume: …}` answers the thread's run that waits for a person (an approval decision); that
    ///   run continues under its own id.
    /// - New input on a thread whose run waits for a person cancels the waiting run first (in LangGraph an
    ///   interrupted thread is not busy); on a thread with a queued or running run `multitask_strategy` decides
    ///   (default `enqueue`, as on LangGraph's server).
    /// - Throws: 404 `thread_not_found` (unless `if_not_exists: create`), `unknown_workflow`; 409 `thread_busy`
    ///   (reject), `run_not_interrupted` (a resume with nothing waiting); 400 for bad input.
    func start(_ request: Request, context: TenantRequestContext) async throws -> Started {
        let body = try await LangGraphRunRequest(request, context: context)
        let tenant = context.caller.tenant
        let thread = try context.path("thread_id")
        _ = try api.runtime.catalog.workflow(body.assistant)
        let info: LangGraphThreads.Info
        if let known = try await threads.info(tenant: tenant, id: thread, checkpoints: false) {
            info = known
        } else {
            guard body.createThread, LangGraphThreads.isValidID(thread) else { throw LangGraphThreads.notFound(thread) }
            info = try await threads.create(tenant: tenant, id: thread, metadata: .object([:]))
        }
        // The thread's newest runs came with its info: when they are all of its runs, the ones waiting for a person
        // are among them.
        let waiting =
            info.runs.count < LangGraphThreads.runsRead
            ? info.runs.filter { $0.status == .interrupted }
            : try await api.store.runs(
                tenant: tenant, filter: RunFilter(status: .interrupted, thread: thread, limit: 20))
        if let decision = body.resume {
            guard let run = waiting.first else {
                throw APIError(
                    .conflict, code: .runNotInterrupted,
                    message: "thread \(thread.quotedExcerpt(limit: 60)) has no run waiting for an answer; send "
                        + "'input' to start a run")
            }
            let after = try await lastEvent(tenant: tenant, run: run.id)
            let resumed = try await api.runtime.decide(tenant: tenant, run: run.id, decision: decision)
            return Started(run: resumed, after: after, modes: body.streamModes)
        }
        if body.multitask == .reject || body.multitask == .enqueue {
            for run in waiting { _ = try await api.store.cancel(tenant: tenant, id: run.id, now: Date()) }
        }
        let result = try await api.runtime.submit(
            tenant: tenant, workflow: body.assistant, input: body.input, thread: thread, multitask: body.multitask,
            metadata: body.metadata)
        return Started(run: result.run, after: 0, modes: body.streamModes)
    }

    /// The sequence number of the run's last event (0 when it has none).
    func lastEvent(tenant: TenantID, run: String) async throws -> Int {
        var after = 0
        while true {
            let page = try await api.store.events(tenant: tenant, run: run, after: after, limit: 500)
            guard let last = page.last else { return after }
            after = last.seq
            if page.count < 500 { return after }
        }
    }

    static func location(_ run: RunRecord) -> HTTPFields {
        [.contentLocation: "/threads/\(run.thread)/runs/\(run.id)"]
    }

    @Sendable func createRun(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let started = try await start(request, context: context)
        return JSONBody.response(LangGraphWire.run(started.run), headers: Self.location(started.run))
    }

    @Sendable func waitRun(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let started = try await start(request, context: context)
        return JSONBody.response(
            try await output(tenant: context.caller.tenant, run: started.run.id), headers: Self.location(started.run))
    }

    @Sendable func run(_ request: Request, context: TenantRequestContext) async throws -> Response {
        JSONBody.response(LangGraphWire.run(try await threadRun(context)))
    }

    @Sendable func join(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let run = try await threadRun(context)
        return JSONBody.response(try await output(tenant: context.caller.tenant, run: run.id))
    }

    @Sendable func cancel(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let action = request.query("action") ?? "interrupt"
        guard action == "interrupt" else {
            throw LangGraphRunRequest.unsupported(
                "cancel action \(action.quotedExcerpt(limit: 40)) is not served; use interrupt (the thread keeps its "
                    + "checkpoints)")
        }
        let wait = ["1", "true"].contains(request.query("wait") ?? "0")
        let run = try await threadRun(context)
        let tenant = context.caller.tenant
        _ = try await api.store.cancel(tenant: tenant, id: run.id, now: Date())
        if wait { _ = try await api.runtime.wait(tenant: tenant, run: run.id, for: [.succeeded, .failed, .cancelled]) }
        return Response(status: .noContent)
    }

    /// The caller's run named in the path, on the path's thread.
    /// - Throws: 404 `run_not_found`, also for another tenant's run or a run of another thread.
    func threadRun(_ context: TenantRequestContext) async throws -> RunRecord {
        let (thread, id) = (try context.path("thread_id"), try context.path("run_id"))
        guard let run = try await api.store.run(tenant: context.caller.tenant, id: id), run.thread == thread else {
            throw APIError(
                .notFound, code: .runNotFound,
                message: "there is no run \(id.quotedExcerpt(limit: 60)) on thread \(thread.quotedExcerpt(limit: 60)) "
                    + "for this tenant")
        }
        return run
    }

    /// What `runs.wait` and `runs.join` answer once the run has stopped for a person or finished: the thread's
    /// state values (with `__interrupt__` while it waits), or `{"__error__": {error, message}}` for a failed run.
    func output(tenant: TenantID, run id: String) async throws -> JSONValue {
        let run = try await api.runtime.wait(tenant: tenant, run: id, poll: .milliseconds(25))
        if run.status == .failed {
            return [
                "__error__": [
                    "error": .string(run.errorCode ?? "node_failed"), "message": .string(run.errorMessage ?? ""),
                ]
            ]
        }
        let values = try await threads.values(tenant: tenant, thread: run.thread)
        if values == [:], let output = run.output { return output }
        return values
    }
}
