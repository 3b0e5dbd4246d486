import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardServer
import SwitchyardStorage
import Testing

/// Walks every route the router serves with a second tenant's key (every tenant scope): each route that names one of
/// the first tenant's resources is a 404, each listing shows none of them, each create that reuses one of their
/// names makes the second tenant's own, and the first tenant's data is unchanged. The walk is driven by the
/// router's own route list, so a new route that this test does not classify fails it.
@Suite("Tenant isolation, every route", .timeLimit(.minutes(2)))
struct IsolationWalkTests {
    /// Routes that name no tenant's resource: the workflow catalog (shared by every tenant), the model routes, the
    /// operators' routes, and the admin routes (an `admin` key manages every tenant's keys by design).
    static let global: Set<String> = [
        "GET /health", "GET /healthz", "GET /readyz", "GET /openapi.json", "GET /metrics",
        "GET /v1/models", "POST /v1/chat/completions", "POST /v1/embeddings",
        "GET /v1/workflows", "GET /v1/workflows/{name}", "POST /assistants/search", "GET /assistants/{assistant_id}",
        "GET /v1/tenants", "POST /v1/tenants", "GET /v1/keys", "POST /v1/keys", "DELETE /v1/keys/{id}",
    ]

    @Test("a second tenant's key: 404 on every route naming the first tenant's resources, and never listed")
    func walkEveryRoute() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        let (globex, record) = APIKeys.generate(tenant: try TenantID("globex"), scopes: [.runs, .knowledge, .models])
        try await h.store.createAPIKey(record)
        let router = buildRouter(gateway: h.gateway, options: ServerOptions(), runtime: h.api, metrics: h.metrics)
        let routes = Set(router.routes.map { "\($0.method.rawValue.uppercased()) \($0.path.description)" })
        try await h.app().test(.router) { client in
            // acme's resources: a thread with a run waiting for approval (events, artifacts, an approval), a
            // schedule, a webhook, a document and a line of usage.
            #expect(try await client.post("/threads", #"{"thread_id": "acme-t"}"#, key: h.acme).status == .ok)
            let run = try #require(
                try json(
                    try await client.post(
                        "/threads/acme-t/runs", #"{"assistant_id": "review", "input": {"topic": "tides"}}"#,
                        key: h.acme))["run_id"]?.stringValue)
            let waited = try await h.withWorkers {
                try json(try await client.get("/v1/runs/\(run)/wait?timeout=20", key: h.acme))
            }
            #expect(waited["status"] == "interrupted")
            let schedule = try #require(
                try json(
                    try await client.post(
                        "/v1/schedules",
                        #"{"id": "acme-weekly", "workflow": "review", "cron": "0 9 * * MON", "input": {"topic": "w"}}"#,
                        key: h.acme))["schedule_id"]?.stringValue)
            let hook = try #require(
                try json(try await client.post("/v1/webhooks", #"{"url": "http://127.0.0.1:1/hook"}"#, key: h.acme))[
                    "webhook_id"]?.stringValue)
            let upload = try await client.post(
                "/v1/documents",
                ##"{"documents": [{"source": "acme-guide.md", "text": "# Acme\n\nRepair promise."}]}"##,
                key: h.acmeKnowledge)
            #expect(upload.status == .created)
            try await h.store.recordUsage(
                UsageRecord(
                    key: "acme-call", tenant: try TenantID("acme"), run: run, node: "write", model: "gpt-fake",
                    promptTokens: 10, completionTokens: 5, costUSD: 0.01, cached: false, latencySeconds: 0.1))
            let secrets = [run, "acme-t", schedule, hook, "acme-guide"]

            // Routes naming one of acme's resources, with a body each would otherwise accept.
            let startRun = #"{"assistant_id": "review", "input": {"topic": "y"}}"#
            let named: [String: String?] = [
                "GET /v1/runs/{id}": nil, "POST /v1/runs/{id}/cancel": "", "GET /v1/runs/{id}/wait": nil,
                "GET /v1/runs/{id}/events": nil, "GET /v1/runs/{id}/artifacts": nil,
                "POST /v1/approvals/{id}": #"{"decision": "approve"}"#,
                "GET /v1/threads/{id}": nil, "GET /v1/threads/{id}/history": nil,
                "POST /v1/schedules/{id}/pause": "", "POST /v1/schedules/{id}/resume": "",
                "DELETE /v1/schedules/{id}": nil,
                "DELETE /v1/webhooks/{id}": nil, "GET /v1/webhooks/{id}/deliveries": nil,
                "DELETE /v1/documents/{id}": nil,
                "GET /threads/{thread_id}": nil, "GET /threads/{thread_id}/state": nil,
                "POST /threads/{thread_id}/history": "{}", "POST /threads/{thread_id}/runs": startRun,
                "POST /threads/{thread_id}/runs/wait": startRun, "POST /threads/{thread_id}/runs/stream": startRun,
                "GET /threads/{thread_id}/runs/{run_id}": nil, "GET /threads/{thread_id}/runs/{run_id}/join": nil,
                "POST /threads/{thread_id}/runs/{run_id}/cancel": nil,
            ]
            // Each route is asked about acme's resource and about one that never existed: the answers must match.
            let acmeIDs = [
                "/v1/schedules": schedule, "/v1/webhooks": hook, "/v1/documents": "acme-guide.md",
                "/v1/threads": "acme-t", "{thread_id}": "acme-t", "{run_id}": run, "{id}": run,
            ]
            let noIDs = [
                "/v1/schedules": "never-sched", "/v1/webhooks": "wh_never", "/v1/documents": "never.md",
                "/v1/threads": "never-t", "{thread_id}": "never-t", "{run_id}": "run_0000000000000000000000000Z",
                "{id}": "run_0000000000000000000000000Z",
            ]
            func uri(_ path: String, _ ids: [String: String]) -> String {
                let id = ids.first { $0.key.hasPrefix("/") && path.hasPrefix($0.key) }?.value ?? ids["{id}"]!
                let filled = path.replacingOccurrences(of: "{thread_id}", with: ids["{thread_id}"]!)
                    .replacingOccurrences(of: "{run_id}", with: ids["{run_id}"]!)
                    .replacingOccurrences(of: "{id}", with: id)
                return filled.hasSuffix("/wait") && filled.hasPrefix("/v1") ? filled + "?timeout=0" : filled
            }
            for (route, body) in named.sorted(by: { $0.key < $1.key }) {
                let parts = route.split(separator: " ")
                let method = HTTPRequest.Method(String(parts[0]))!
                var answers: [(HTTPResponse.Status, String)] = []
                for ids in [acmeIDs, noIDs] {
                    let response = try await client.execute(
                        uri: uri(String(parts[1]), ids), method: method, headers: bearer(globex),
                        body: body.map { ByteBuffer(string: $0) })
                    #expect(!String(buffer: response.body).contains("tides"), "\(route) leaks acme's data")
                    answers.append((response.status, errorBody(response).code))
                }
                #expect(answers[0].0 == .notFound, "\(route) for another tenant gave \(answers[0].0)")
                #expect(
                    answers[0].0 == answers[1].0 && answers[0].1 == answers[1].1,
                    "\(route): acme's resource \(answers[0]) and none at all \(answers[1]) differ")
            }

            // Listings: 200 and nothing of acme's.
            let listings: [String: String?] = [
                "GET /v1/runs": nil, "GET /v1/approvals": nil, "GET /v1/schedules": nil, "GET /v1/usage": nil,
                "GET /v1/webhooks": nil, "GET /v1/documents": nil,
                "POST /v1/search": #"{"query": "repair promise", "mode": "keyword"}"#,
            ]
            for (route, body) in listings.sorted(by: { $0.key < $1.key }) {
                let parts = route.split(separator: " ")
                for query in route == "GET /v1/usage" ? ["?by=run", "?by=model", "?by=day", "?by=node"] : [""] {
                    let response = try await client.execute(
                        uri: String(parts[1]) + query, method: HTTPRequest.Method(String(parts[0]))!,
                        headers: bearer(globex), body: body.map { ByteBuffer(string: $0) })
                    #expect(response.status == .ok, "\(route)\(query) gave \(response.status)")
                    let text = String(buffer: response.body)
                    for secret in secrets { #expect(!text.contains(secret), "\(route)\(query) lists acme's \(secret)") }
                    #expect(!text.contains("gpt-fake"), "\(route)\(query) shows acme's usage")
                }
            }

            // Creates that reuse acme's names make globex's own, without a conflict that would confirm acme's.
            let creates: Set<String> = [
                "POST /threads", "POST /v1/runs", "POST /v1/schedules", "POST /v1/webhooks", "POST /v1/documents",
            ]
            let thread = try await client.post(
                "/threads", #"{"thread_id": "acme-t", "if_exists": "raise"}"#, key: globex)
            #expect(thread.status == .ok, "POST /threads with acme's thread id gave \(thread.status)")
            let theirs = try await client.post(
                "/v1/runs", #"{"workflow": "review", "input": {"topic": "z"}, "thread": "acme-t"}"#, key: globex)
            #expect(theirs.status == .accepted)
            let theirRun = try #require(try json(theirs)["run_id"]?.stringValue)
            let seen = try json(try await client.get("/v1/threads/acme-t", key: globex))
            #expect(seen["runs"] == [.string(theirRun)])
            let sameID = try await client.post(
                "/v1/schedules",
                #"{"id": "acme-weekly", "workflow": "review", "cron": "@daily", "input": {"topic": "g"}}"#,
                key: globex)
            // Schedule ids are per tenant (the store's key is (tenant, id)): acme's id is globex's to use too.
            #expect(sameID.status == .created, "a schedule id acme uses gave \(sameID.status)")
            let hookMade = try await client.post("/v1/webhooks", #"{"url": "http://127.0.0.1:1/other"}"#, key: globex)
            #expect(hookMade.status == .created)
            let document = try await client.post(
                "/v1/documents", ##"{"documents": [{"source": "acme-guide.md", "text": "# Globex\n\nOther text."}]}"##,
                key: globex)
            let documentBody = try json(document)
            #expect(document.status == .created && documentBody["added"] == 1)

            // Every route is one of the above.
            let classified = Self.global.union(named.keys).union(listings.keys).union(creates)
            #expect(routes.subtracting(classified).isEmpty, "routes the walk misses: \(routes.subtracting(classified))")
            #expect(classified.subtracting(routes).isEmpty, "routes not served: \(classified.subtracting(routes))")

            // acme's data is as it was.
            let acmeRun = try json(try await client.get("/v1/runs/\(run)", key: h.acme))
            #expect(acmeRun["status"] == "interrupted" && acmeRun["thread_id"] == "acme-t")
            let thread0 = try json(try await client.get("/v1/threads/acme-t", key: h.acme))
            #expect(thread0["runs"] == [.string(run)])
            let schedules = try json(try await client.get("/v1/schedules", key: h.acme))
            #expect(schedules["schedules"]?[0]?["paused"] == false && schedules["schedules"]?.arrayValue?.count == 1)
            let hooks = try json(try await client.get("/v1/webhooks", key: h.acme))
            #expect(hooks["webhooks"]?.arrayValue?.compactMap { $0["webhook_id"]?.stringValue } == [hook])
            let found = try json(
                try await client.post(
                    "/v1/search", #"{"query": "repair promise", "mode": "keyword"}"#, key: h.acmeKnowledge))
            #expect(found["results"]?[0]?["document"] == "acme-guide.md")
            #expect(try json(try await client.get("/v1/approvals", key: h.acme))["approvals"]?.arrayValue?.count == 1)
        }
    }
}
