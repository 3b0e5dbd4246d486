import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardModels
import SwitchyardServer

/// A gateway with one OpenAI-compatible model, `gpt-fake`, at `baseURL`.
func makeGateway(baseURL: String = "http://127.0.0.1:9/v1") async throws -> Gateway {
    let config = GatewayConfig(
        providers: ["fake": .init(kind: .openai, baseURL: baseURL)],
        models: [.init(name: "gpt-fake", provider: "fake", context: 8192, price: .init(input: 1, output: 2))],
        tenants: ["acme": .init(tier: 2)])
    return try await GatewayFactory.make(config: config, environment: [:])
}

func makeApp(gateway: Gateway, options: ServerOptions = ServerOptions(tenantHeader: true)) -> some ApplicationProtocol {
    buildApplication(gateway: gateway, options: options)
}

/// A chat-completions body asking `model` for `text`.
func chatBody(model: String = "gpt-fake", text: String = "hello", extra: String = "") -> ByteBuffer {
    ByteBuffer(
        string: #"{"model":"\#(model)","messages":[{"role":"user","content":"\#(text)"}]\#(extra)}"#)
}

let tenantHeaders: HTTPFields = [HTTPField.Name("X-Switchyard-Tenant")!: "acme", .contentType: "application/json"]

/// The `error` object of a JSON error body (empty strings when the body is not one).
func errorBody(_ response: TestResponse) -> (code: String, message: String) {
    let json = try? JSONValue(parsing: String(buffer: response.body))
    return (json?["error"]?["code"]?.stringValue ?? "", json?["error"]?["message"]?.stringValue ?? "")
}

extension JSONValue {
    /// The element at `index` of an array (nil for anything else).
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
