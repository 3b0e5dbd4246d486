import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardModels
import SwitchyardServer
import Testing

@Suite("Other routes and API keys")
struct RoutesTests {
    @Test("GET /health answers without a tenant")
    func health() async throws {
        try await makeApp(gateway: makeGateway()).test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
        }
    }

    @Test("GET /v1/models lists the configured models")
    func models() async throws {
        try await makeApp(gateway: makeGateway()).test(.router) { client in
            try await client.execute(uri: "/v1/models", method: .get, headers: tenantHeaders) { response in
                #expect(response.status == .ok)
                let json = try JSONValue(parsing: String(buffer: response.body))
                #expect(json["object"]?.stringValue == "list")
                #expect(json["data"]?[0]?["id"]?.stringValue == "gpt-fake")
            }
        }
    }

    @Test("with API keys configured, the bearer key names the tenant and an unknown key is a 401")
    func apiKeys() async throws {
        let options = ServerOptions(apiKeys: try ServerOptions.parseAPIKeys("sk-acme=acme, sk-beta=beta"))
        try await makeApp(gateway: makeGateway(), options: options).test(.router) { client in
            try await client.execute(
                uri: "/v1/models", method: .get, headers: [.authorization: "Bearer sk-acme"]
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/v1/models", method: .get, headers: [.authorization: "Bearer sk-nope"]
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(errorBody(response).code == .invalidAPIKey)
            }
            // The tenant header alone is not enough once keys are configured.
            try await client.execute(uri: "/v1/models", method: .get, headers: tenantHeaders) { response in
                #expect(response.status == .unauthorized)
                #expect(errorBody(response).code == .missingTenant)
            }
        }
    }

    @Test("a malformed API key list is refused without echoing keys")
    func badKeyList() {
        #expect(throws: SwitchyardError.self) { try ServerOptions.parseAPIKeys("sk-secret-only") }
        do {
            _ = try ServerOptions.parseAPIKeys("sk-secret-only")
        } catch let error as SwitchyardError {
            #expect(!error.message.contains("sk-secret"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
