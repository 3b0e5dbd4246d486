import Foundation
import HTTPTypes
import Hummingbird
import SwitchyardCore
import SwitchyardRuntime

/// The core of LangGraph's Agent Server protocol at the root (scope `runs`), so `langgraph-sdk` clients run
/// against Switchyard unchanged: workflows as assistants, threads with their state and history, runs created,
/// waited for, streamed, joined and cancelled. Every lookup is by the caller's tenant: another tenant's thread or
/// run is a 404 like one that never existed. docs/server.md lists what is not served.
struct LangGraphController: Sendable {
    let api: RuntimeAPI
    var threads: LangGraphThreads { LangGraphThreads(api: api) }

    func addRoutes(to group: RouterGroup<TenantRequestContext>) {
        group.post("assistants/search", use: searchAssistants)
        group.get("assistants/:assistant_id", use: assistant)
        group.post("threads", use: createThread)
        group.get("threads/:thread_id", use: thread)
        group.get("threads/:thread_id/state", use: state)
        group.post("threads/:thread_id/history", use: history)
        group.post("threads/:thread_id/runs", use: createRun)
        group.post("threads/:thread_id/runs/wait", use: waitRun)
        group.post("threads/:thread_id/runs/stream", use: streamRun)
        group.get("threads/:thread_id/runs/:run_id", use: run)
        group.get("threads/:thread_id/runs/:run_id/join", use: join)
        group.post("threads/:thread_id/runs/:run_id/cancel", use: cancel)
    }

    // MARK: Assistants

    @Sendable func searchAssistants(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(
            request, limit: context.maxUploadSize,
            allowed: ["limit", "offset", "metadata", "graph_id", "name", "sort_by", "sort_order", "select"])
        let limit = try body.int("limit") ?? 10
        let offset = try body.int("offset") ?? 0
        guard (1...1000).contains(limit), offset >= 0 else {
            throw APIError(
                .badRequest, code: .invalidArgument, message: "limit must be 1 to 1000 and offset 0 or more")
        }
        let graph = try body.string("graph_id")
        let name = try body.string("name")
        let metadata = try body.object("metadata")?.objectValue ?? [:]
        let matching = api.runtime.catalog.all.map(LangGraphWire.assistant).filter { assistant in
            (graph == nil || assistant["graph_id"]?.stringValue == graph)
                && (name == nil || assistant["name"]?.stringValue?.contains(name ?? "") == true)
                && metadata.allSatisfy { assistant["metadata"]?[$0.key] == $0.value }
        }
        let page = Array(matching.dropFirst(offset).prefix(limit))
        var headers: HTTPFields = [:]
        if matching.count - limit > offset, let next = HTTPField.Name("X-Pagination-Next") {
            headers[next] = String(offset + limit)
        }
        return JSONBody.response(.array(page), headers: headers)
    }

    @Sendable func assistant(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONBody.response(LangGraphWire.assistant(api.runtime.catalog.workflow(context.path("assistant_id"))))
    }

    // MARK: Threads

    @Sendable func createThread(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(
            request, limit: context.maxUploadSize, allowed: ["thread_id", "metadata", "if_exists", "supersteps", "ttl"])
        for name in ["supersteps", "ttl"] where LangGraphRunRequest.isSet(body.values[name]) {
            throw LangGraphRunRequest.unsupported("'\(name)' is not served by Switchyard's LangGraph API")
        }
        let tenant = context.caller.tenant
        let chosen = try body.string("thread_id")
        let id = chosen ?? UUID().uuidString.lowercased()
        guard LangGraphThreads.isValidID(id) else {
            throw APIError(
                .badRequest, code: .invalidArgument,
                message: "thread_id must be 1 to 128 letters, digits and -_.: characters")
        }
        let ifExists = try body.string("if_exists") ?? "raise"
        guard ["raise", "do_nothing"].contains(ifExists) else {
            throw APIError(
                .badRequest, code: .invalidArgument,
                message: "if_exists \(ifExists.quotedExcerpt(limit: 40)) is unknown; use raise or do_nothing")
        }
        let metadata = try body.object("metadata") ?? .object([:])
        // An id this server just made up names no thread yet: nothing to look up.
        if chosen != nil, let info = try await threads.info(tenant: tenant, id: id) {
            guard ifExists == "do_nothing" else {
                throw APIError(
                    .conflict, code: .threadExists,
                    message: "thread \(id.quotedExcerpt(limit: 60)) exists; pick another id or send if_exists: "
                        + "do_nothing")
            }
            return try await threadResponse(tenant: tenant, info: info)
        }
        // A new thread has no runs and no checkpoints: answered from what was just written.
        return try await threadResponse(
            tenant: tenant, info: threads.create(tenant: tenant, id: id, metadata: metadata))
    }

    @Sendable func thread(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let tenant = context.caller.tenant
        return try await threadResponse(
            tenant: tenant, info: threads.require(tenant: tenant, id: context.path("thread_id")))
    }

    func threadResponse(tenant: TenantID, info: LangGraphThreads.Info) async throws -> Response {
        let id = info.id
        let state = try await threads.state(tenant: tenant, info: info)
        var interrupts: [String: JSONValue] = [:]
        for task in state["tasks"]?.arrayValue ?? [] {
            if let items = task["interrupts"], items != [], let id = task["id"]?.stringValue { interrupts[id] = items }
        }
        return JSONBody.response([
            "thread_id": .string(id), "created_at": .string(info.created.iso8601),
            "updated_at": .string(info.updated.iso8601), "metadata": info.metadata,
            "status": .string(LangGraphThreads.status(info)), "values": state["values"] ?? [:],
            "interrupts": .object(interrupts),
        ])
    }

    @Sendable func state(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let tenant = context.caller.tenant
        let info = try await threads.require(tenant: tenant, id: context.path("thread_id"))
        return JSONBody.response(try await threads.state(tenant: tenant, info: info))
    }

    @Sendable func history(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(
            request, limit: context.maxUploadSize, allowed: ["limit", "before", "metadata", "checkpoint", "select"])
        for name in ["metadata", "checkpoint", "select"] where LangGraphRunRequest.isSet(body.values[name]) {
            throw LangGraphRunRequest.unsupported("history filter '\(name)' is not served; use limit and before")
        }
        let limit = try body.int("limit") ?? 10
        guard (1...1000).contains(limit) else {
            throw APIError(.badRequest, code: .invalidArgument, message: "limit must be 1 to 1000")
        }
        let before: String?
        switch body.values["before"] {
        case nil, .null?: before = nil
        case .string(let id)?: before = id
        case .object(let checkpoint)?: before = checkpoint["checkpoint_id"]?.stringValue
        default:
            throw APIError(
                .badRequest, code: .invalidRequest, message: "the field 'before' must be a checkpoint or its id")
        }
        let tenant = context.caller.tenant
        let info = try await threads.require(tenant: tenant, id: context.path("thread_id"))
        return JSONBody.response(
            .array(try await threads.history(tenant: tenant, info: info, limit: limit, before: before)))
    }
}
