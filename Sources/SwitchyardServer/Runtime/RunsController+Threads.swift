import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardRuntime

extension RunsController {
    /// `GET /v1/threads/{id}`: the thread as `switchyard threads show` shows it — its status, its newest runs and
    /// its state at the head (values, next nodes, pending interrupts, checkpoint); 404 for a thread the tenant
    /// does not have.
    @Sendable func thread(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let threads = LangGraphThreads(api: api)
        let tenant = context.caller.tenant
        let info = try await threads.require(tenant: tenant, id: try context.path("id"))
        return JSONBody.response([
            "thread_id": .string(info.id), "status": .string(LangGraphThreads.status(info)),
            "created_at": .string(info.created.iso8601), "updated_at": .string(info.updated.iso8601),
            "runs": .array(info.runs.map { .string($0.id) }),
            "state": try await threads.state(tenant: tenant, info: info),
        ])
    }

    /// `GET /v1/threads/{id}/history?limit=10&before=CHECKPOINT`: the thread's states, newest first, as
    /// `switchyard threads history` lists its checkpoints.
    @Sendable func threadHistory(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let threads = LangGraphThreads(api: api)
        let tenant = context.caller.tenant
        let info = try await threads.require(tenant: tenant, id: try context.path("id"))
        let limit = try request.query("limit", in: 1...1000) ?? 10
        let states = try await threads.history(
            tenant: tenant, info: info, limit: limit, before: request.query("before"))
        return JSONBody.response(["thread_id": .string(info.id), "states": .array(states)])
    }
}
