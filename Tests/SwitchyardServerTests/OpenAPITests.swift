import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardServer
import SwitchyardRuntime
import Testing

@Suite("OpenAPI document", .timeLimit(.minutes(1)))
struct OpenAPITests {
    @Test("the served document and the router's routes agree, both ways")
    func documentMatchesRouter() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        let router = buildRouter(gateway: h.gateway, options: ServerOptions(), runtime: h.api, metrics: h.metrics)
        let routed = Set(router.routes.map { "\($0.method.rawValue.uppercased()) \($0.path.description)" })
        try await h.app().test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try JSONValue(parsing: String(buffer: response.body))
            #expect(document["openapi"] == "3.1.0")
            var documented: Set<String> = []
            for (path, methods) in document["paths"]?.objectValue ?? [:] {
                for method in methods.objectValue?.keys ?? [:].keys {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(
                routed.subtracting(documented).isEmpty,
                "routes missing from the document: \(routed.subtracting(documented).sorted())")
            #expect(
                documented.subtracting(routed).isEmpty,
                "documented routes not served: \(documented.subtracting(routed).sorted())")
            // Every $ref resolves.
            let text = String(buffer: response.body)
            let schemas = document["components"]?["schemas"]?.objectValue ?? [:]
            for match in text.matches(of: /#\/components\/schemas\/(\w+)/) {
                #expect(schemas[String(match.1)] != nil, "dangling $ref \(match.1)")
            }
        }
    }

    @Test("GET /metrics: Prometheus text for an admin key, with the queue per tenant; other keys get 403")
    func metrics() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        _ = try await h.runtime.submit(tenant: try TenantID("acme"), workflow: "review", input: ["topic": "x"])
        try await h.app().test(.router) { client in
            let scraped = try await client.execute(uri: "/metrics", method: .get, headers: bearer(h.admin, json: false))
            #expect(scraped.status == .ok)
            let text = String(buffer: scraped.body)
            #expect(text.contains(#"switchyard_runs_queued{tenant="acme"} 1"#), "\(text)")
            #expect(text.contains("# TYPE switchyard_queue_oldest_age_seconds gauge"))
            let denied = try await client.execute(uri: "/metrics", method: .get, headers: bearer(h.acme, json: false))
            #expect(denied.status == .forbidden && errorBody(denied).code == "insufficient_scope")
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
        }
    }
}
