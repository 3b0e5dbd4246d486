import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardRuntime

/// The tenant's webhooks (scope `runs`): `approval.waiting`, `run.succeeded` and `run.failed` POSTed to its URL,
/// signed, retried, logged.
struct WebhooksController: Sendable {
    let store: any WebhookStore

    func addRoutes(to group: RouterGroup<TenantRequestContext>) {
        group.post("webhooks", use: create)
        group.get("webhooks", use: list)
        group.delete("webhooks/:id", use: delete)
        group.get("webhooks/:id/deliveries", use: deliveries)
    }

    /// `{"url": "https://…", "events": ["approval.waiting"]}` → the webhook with its signing `secret`, shown once.
    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(request, limit: context.maxUploadSize, allowed: ["url", "events"])
        let url = try body.requiredString("url")
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
            parsed.host?.isEmpty == false, url.count <= 2048
        else {
            throw APIError(
                .badRequest, code: .invalidArgument, message: "url must be an http or https URL with a host")
        }
        let events = Set(try body.strings("events") ?? Array(WebhookRecord.eventNames))
        guard !events.isEmpty, events.isSubset(of: WebhookRecord.eventNames) else {
            throw APIError(
                .badRequest, code: .invalidArgument,
                message: "events must be some of " + WebhookRecord.eventNames.sorted().joined(separator: ", "))
        }
        let webhook = WebhookRecord(
            id: RunID.make("wh"), tenant: context.caller.tenant, url: url, secret: WebhookSignature.makeSecret(),
            events: events, created: Date())
        try await store.createWebhook(webhook)
        guard case .object(var object) = webhook.json else { return JSONBody.response(webhook.json) }
        object["secret"] = .string(webhook.secret)
        return JSONBody.response(.object(object), status: .created)
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        JSONBody.response(["webhooks": .array(try await store.webhooks(tenant: context.caller.tenant).map(\.json))])
    }

    @Sendable func delete(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try context.path("id")
        guard try await store.deleteWebhook(tenant: context.caller.tenant, id: id) else { throw Self.notFound(id) }
        return Response(status: .noContent)
    }

    @Sendable func deliveries(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try context.path("id")
        let limit = try request.query("limit", in: 1...500) ?? 100
        guard let log = try await store.deliveries(tenant: context.caller.tenant, webhook: id, limit: limit) else {
            throw Self.notFound(id)
        }
        return JSONBody.response(["deliveries": .array(log.map(\.json))])
    }

    static func notFound(_ id: String) -> APIError {
        APIError(
            .notFound, code: .notFound, message: "there is no webhook \(id.quotedExcerpt(limit: 60)) for this tenant")
    }
}
