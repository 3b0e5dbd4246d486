import Foundation
import HTTPTypes
import Hummingbird
import SwitchyardCore
import SwitchyardRuntime

/// The runtime's resources for a tenant (scope `runs`): workflows, runs and their events and artifacts,
/// approvals, schedules and usage. Every lookup is by the caller's tenant, so another tenant's id is a 404
/// exactly like an id that never existed.
struct RunsController: Sendable {
    let api: RuntimeAPI
    let inFlight = InFlightKeys()

    static let idempotencyField = HTTPField.Name("Idempotency-Key")!
    static let replayedField = HTTPField.Name("Idempotent-Replayed")!
    static let lastEventIDField = HTTPField.Name("Last-Event-ID")!

    func addRoutes(to group: RouterGroup<TenantRequestContext>) {
        group.get("workflows", use: workflows)
        group.get("workflows/:name", use: workflow)
        group.post("runs", use: submit)
        group.get("runs", use: list)
        group.get("runs/:id", use: show)
        group.post("runs/:id/cancel", use: cancel)
        group.get("runs/:id/wait", use: wait)
        group.get("runs/:id/events", use: events)
        group.get("runs/:id/artifacts", use: artifacts)
        group.get("threads/:id", use: thread)
        group.get("threads/:id/history", use: threadHistory)
        group.get("approvals", use: approvals)
        group.post("approvals/:id", use: decide)
        group.post("schedules", use: createSchedule)
        group.get("schedules", use: schedules)
        group.post("schedules/:id/pause", use: pauseSchedule)
        group.post("schedules/:id/resume", use: resumeSchedule)
        group.delete("schedules/:id", use: deleteSchedule)
        group.get("usage", use: usage)
    }

    // MARK: Workflows

    @Sendable func workflows(_ request: Request, context: TenantRequestContext) async throws -> Response {
        JSONBody.response(["workflows": .array(api.runtime.catalog.all.map(\.summary))])
    }

    @Sendable func workflow(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONBody.response(api.runtime.catalog.workflow(context.path("name")).summary)
    }

    // MARK: Runs

    static let submitFields: Set<String> = ["workflow", "input", "thread", "metadata", "multitask_strategy"]

    @Sendable func submit(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(request, limit: context.maxUploadSize, allowed: Self.submitFields)
        let strategyName = try body.string("multitask_strategy") ?? "reject"
        guard let strategy = MultitaskStrategy(rawValue: strategyName) else {
            throw APIError(
                .badRequest, code: .invalidArgument,
                message: "multitask_strategy \(strategyName.quotedExcerpt(limit: 40)) is unknown; use reject, enqueue, "
                    + "interrupt or rollback")
        }
        let key = request.headers[Self.idempotencyField]
        if let key, key.count > 255 {
            throw APIError(.badRequest, code: .invalidArgument, message: "the Idempotency-Key is over 255 characters")
        }
        let tenant = context.caller.tenant
        let (workflow, input, thread, metadata) = (
            try body.requiredString("workflow"), try body.object("input") ?? .object([:]), try body.string("thread"),
            try body.object("metadata") ?? .object([:])
        )
        let result = try await inFlight.holding(key.map { tenant.rawValue + "\u{0}" + $0 }) {
            try await api.runtime.submit(
                tenant: tenant, workflow: workflow, input: input, thread: thread, multitask: strategy,
                idempotencyKey: key, metadata: metadata)
        }
        var headers: HTTPFields = [.location: "/v1/runs/\(result.run.id)"]
        if !result.created { headers[Self.replayedField] = "true" }
        return JSONBody.response(result.run.json, status: .accepted, headers: headers)
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        var filter = RunFilter(limit: try request.query("limit", in: 1...200) ?? 50)
        if let status = request.query("status") {
            guard let parsed = RunStatus(rawValue: status) else {
                throw APIError(
                    .badRequest, code: .invalidArgument,
                    message: "status \(status.quotedExcerpt(limit: 40)) is unknown; use "
                        + RunStatus.all.map(\.rawValue).joined(separator: ", "))
            }
            filter.status = parsed
        }
        filter.workflow = request.query("workflow")
        filter.thread = request.query("thread")
        filter.createdSince = try request.queryTime("since")
        if let cursor = request.query("cursor") {
            guard Self.isRunID(cursor) else {
                throw APIError(
                    .badRequest, code: .invalidCursor,
                    message: "the cursor is not one this API gave out; pass next_cursor from the previous page")
            }
            filter.before = cursor
        }
        let runs = try await api.store.runs(tenant: context.caller.tenant, filter: filter)
        let next: JSONValue = runs.count == filter.limit ? runs.last.map { .string($0.id) } ?? .null : .null
        return JSONBody.response(["runs": .array(runs.map(\.json)), "next_cursor": next])
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await JSONBody.response(run(context).json)
    }

    @Sendable func cancel(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try context.path("id")
        return JSONBody.response(try await api.store.cancel(tenant: context.caller.tenant, id: id, now: Date()).json)
    }

    /// Long-poll: answers when the run has stopped for a person or finished, or after `timeout` seconds (default
    /// 30, at most 300) with the run as it stands.
    @Sendable func wait(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let timeout = try request.query("timeout", in: 0...300) ?? 30
        let deadline = ContinuousClock.now + .seconds(timeout)
        var token = api.store.changeToken()
        var record = try await run(context)
        while !record.status.isFinal && record.status != .interrupted && ContinuousClock.now < deadline {
            let left = deadline - ContinuousClock.now
            try await api.store.waitForChange(
                .run(record.id), since: token, timeout: min(left, .seconds(1)), poll: .milliseconds(50))
            token = api.store.changeToken()
            record = try await run(context)
        }
        return JSONBody.response(record.json)
    }

    @Sendable func artifacts(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let run = try await run(context)
        let artifacts = try await api.store.artifacts(tenant: context.caller.tenant, run: run.id)
        return JSONBody.response([
            "run_id": .string(run.id),
            "artifacts": .array(
                artifacts.map {
                    ["name": .string($0.name), "value": $0.value, "created_at": .string($0.created.iso8601)]
                }),
        ])
    }

    /// The caller's run named in the path.
    /// - Throws: 404 `run_not_found`, also for another tenant's run.
    func run(_ context: TenantRequestContext) async throws -> RunRecord {
        let id = try context.path("id")
        guard let run = try await api.store.run(tenant: context.caller.tenant, id: id) else {
            throw APIError(
                .notFound, code: .runNotFound, message: "there is no run \(id.quotedExcerpt(limit: 60)) for this tenant"
            )
        }
        return run
    }

    /// `run_` and 26 Crockford base-32 characters.
    static func isRunID(_ text: String) -> Bool {
        guard text.hasPrefix("run_"), text.count == 30 else { return false }
        return text.dropFirst(4).allSatisfy { $0.isASCII && ($0.isNumber || ($0.isUppercase && !"ILOU".contains($0))) }
    }

    // MARK: Approvals

    @Sendable func approvals(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let waiting = try await api.runtime.approvals(tenant: context.caller.tenant)
        return JSONBody.response([
            "approvals": .array(
                waiting.map { run in
                    [
                        "run_id": .string(run.id), "thread_id": .string(run.thread), "workflow": .string(run.workflow),
                        "interrupt": run.interrupt ?? .null, "created_at": .string(run.created.iso8601),
                    ]
                })
        ])
    }

    @Sendable func decide(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(
            request, limit: context.maxUploadSize, allowed: ["decision", "comment", "text"])
        let decision = try ApprovalDecision(
            decision: try body.requiredString("decision"), comment: try body.string("comment"),
            text: try body.string("text"))
        let run = try await run(context)
        return JSONBody.response(
            try await api.runtime.decide(tenant: context.caller.tenant, run: run.id, decision: decision).json)
    }

    // MARK: Schedules

    @Sendable func createSchedule(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(
            request, limit: context.maxUploadSize, allowed: ["id", "workflow", "cron", "timezone", "input"])
        let schedule = try await api.runtime.createSchedule(
            tenant: context.caller.tenant, id: try body.string("id"), workflow: try body.requiredString("workflow"),
            cron: try body.requiredString("cron"), timezone: try body.string("timezone") ?? "UTC",
            input: try body.object("input") ?? .object([:]))
        return JSONBody.response(schedule.json, status: .created)
    }

    @Sendable func schedules(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let schedules = try await api.runtime.schedules(tenant: context.caller.tenant)
        return JSONBody.response(["schedules": .array(schedules.map(\.json))])
    }

    @Sendable func pauseSchedule(_ request: Request, context: TenantRequestContext) async throws -> Response {
        JSONBody.response(
            try await api.runtime.setSchedulePaused(tenant: context.caller.tenant, id: context.path("id"), paused: true)
                .json)
    }

    @Sendable func resumeSchedule(_ request: Request, context: TenantRequestContext) async throws -> Response {
        JSONBody.response(
            try await api.runtime.setSchedulePaused(
                tenant: context.caller.tenant, id: context.path("id"), paused: false
            )
            .json)
    }

    @Sendable func deleteSchedule(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await api.runtime.deleteSchedule(tenant: context.caller.tenant, id: context.path("id"))
        return Response(status: .noContent)
    }

    // MARK: Usage

    @Sendable func usage(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let by = request.query("by") ?? "model"
        guard let grouping = UsageGrouping(rawValue: by) else {
            throw APIError(
                .badRequest, code: .invalidArgument,
                message: "by \(by.quotedExcerpt(limit: 40)) is unknown; use model, run, node or day")
        }
        let since = try request.queryTime("since") ?? Date().addingTimeInterval(-30 * 86400)
        let totals = try await api.store.usage(tenant: context.caller.tenant, since: since, by: grouping)
        return JSONBody.response([
            "by": .string(by), "since": .string(since.iso8601), "usage": .array(totals.map { $0.json(by: grouping) }),
        ])
    }
}
