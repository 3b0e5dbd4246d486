import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardServer
import Testing

@Suite("OpenAPI document", .timeLimit(.minutes(1)))
struct OpenAPITests {
    @Test("the served document and the router's routes agree, both ways")
    func documentMatchesRouter() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        let router = buildRouter(gateway: h.gateway, options: ServerOptions(), runtime: h.api)
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
}
