import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardRuntime

/// `POST /v1/chat/completions` and `GET /v1/models`: OpenAI's wire format in and out (whole answers, or
/// server-sent events with `stream: true`), answered by the gateway for the request's tenant. Responses carry `x-switchyard-overhead-ms` (time spent in Switchyard, upstream
/// time excluded) and `x-switchyard-cache` (`hit` or `miss`).
struct ChatCompletionsController: Sendable {
    let gateway: Gateway
    /// When false, no request may be answered from (or stored in) the response cache.
    let cacheEnabled: Bool
    /// The persistent ledger `GET /v1/usage` reads: each answer is recorded there under its completion id (no
    /// run, no node), beside the runs' model calls. Nil without a runtime.
    var ledger: (any RunStore)? = nil

    static let overheadField = HTTPField.Name("x-switchyard-overhead-ms")!
    static let cacheField = HTTPField.Name("x-switchyard-cache")!
    static let modelField = HTTPField.Name("x-switchyard-model")!
    static let costField = HTTPField.Name("x-switchyard-cost-usd")!

    func addRoutes(to group: RouterGroup<TenantRequestContext>) {
        group.post("chat/completions", use: complete)
        group.get("models", use: models)
    }

    // Compiled without optimization: optimized, the 6.3.1 compiler crashes splitting this coroutine (signal 11 in
    // LLVM's `emitSetAndGetSwiftErrorValueAround`). Its work is parsing and one gateway call, both optimized.
    @_optimize(none)
    @Sendable func complete(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        var parsed = try await Self.read(request, limit: context.maxUploadSize)
        if !cacheEnabled { parsed.chat.cacheable = false }
        let call = CallContext(tenant: context.caller.tenant, tier: context.caller.tier)
        if parsed.stream { return try await streamed(parsed.chat, call: call) }
        let timer = UpstreamTimer()
        let answer: ChatResponse
        do {
            answer = try await UpstreamTimer.$current.withValue(timer) {
                try await gateway.complete(parsed.chat, context: call)
            }
        } catch {
            throw APIError.from(error)
        }
        let id = ChatCompletionResponse.newID()
        try await record(
            id: id, tenant: call.tenant, model: answer.model, usage: answer.usage, cost: answer.cost,
            cache: answer.cache, latency: ContinuousClock.now - start)
        let json = ChatCompletionResponse.json(answer, id: id, created: Int(Date().timeIntervalSince1970))
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[Self.cacheField] = answer.cache
        headers[Self.modelField] = answer.model
        headers[Self.costField] = String(answer.cost)
        let body = ByteBuffer(string: json.jsonText)
        headers[Self.overheadField] = Self.milliseconds(ContinuousClock.now - start - timer.elapsed)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    @Sendable func models(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let config = gateway.router.config
        let data = config.models.map { model -> JSONValue in
            ["id": .string(model.name), "object": "model", "created": 0, "owned_by": .string(model.provider)]
        }
        let body: JSONValue = ["object": "list", "data": .array(data)]
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    /// Reads and parses the body: 413 over `limit` (by Content-Length before reading, or while reading).
    static func read(_ request: Request, limit: Int) async throws -> ChatCompletionRequest {
        try ChatCompletionRequest(body: String(buffer: try await JSONBody.collect(request, limit: limit)))
    }

    /// Records an answer in the persistent ledger (``ledger``), once per completion id.
    func record(
        id: String, tenant: TenantID, model: String, usage: Usage, cost: Double, cache: String, latency: Duration
    ) async throws {
        guard let ledger else { return }
        do {
            try await ledger.recordUsage(
                UsageRecord(
                    key: "chat.completion:" + id, tenant: tenant, run: nil, node: nil,
                    model: model.isEmpty ? "?" : model, promptTokens: usage.promptTokens,
                    completionTokens: usage.completionTokens, costUSD: cost, cached: cache != "miss",
                    latencySeconds: latency.inSeconds))
        } catch {
            throw APIError.from(error)
        }
    }

    /// Milliseconds with microsecond precision, as text.
    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.3f", max(0, duration.inMilliseconds))
    }
}
