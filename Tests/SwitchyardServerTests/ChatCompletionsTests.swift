import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardModels
import SwitchyardTesting
import SwitchyardServer
import Testing

@Suite("POST /v1/chat/completions", .timeLimit(.minutes(1)))
struct ChatCompletionsTests {
    @Test("answers through the gateway in OpenAI's format, then serves the same request from the cache")
    func happyPathAndCache() async throws {
        try await FakeOpenAIServer.run { baseURL, stats in
            let app = try await makeApp(gateway: makeGateway(baseURL: baseURL))
            try await app.test(.router) { client in
                for expected in ["miss", "hit"] {
                    try await client.execute(
                        uri: "/v1/chat/completions", method: .post, headers: tenantHeaders,
                        body: chatBody(text: "hello there", extra: #","temperature":0"#)
                    ) { response in
                        #expect(response.status == .ok)
                        let json = try JSONValue(parsing: String(buffer: response.body))
                        #expect(json["object"]?.stringValue == "chat.completion")
                        #expect(json["model"]?.stringValue == "gpt-fake")
                        #expect(json["choices"]?[0]?["message"]?["content"]?.stringValue == "echo: hello there")
                        #expect(json["choices"]?[0]?["finish_reason"]?.stringValue == "stop")
                        #expect((json["usage"]?["total_tokens"]?.intValue ?? 0) > 0)
                        #expect(response.headers[HTTPField.Name("x-switchyard-cache")!] == expected)
                        let overhead = response.headers[HTTPField.Name("x-switchyard-overhead-ms")!]
                        #expect(overhead.flatMap { Double($0) }.map { $0 >= 0 } == true)
                    }
                }
            }
            #expect(stats.requests == 1)
        }
    }

    @Test("passes tools through and returns the model's tool calls")
    func toolCalls() async throws {
        try await FakeOpenAIServer.run { baseURL, _ in
            let app = try await makeApp(gateway: makeGateway(baseURL: baseURL))
            let tools =
                #","tools":[{"type":"function","function":{"name":"search","parameters":{"type":"object"}}}],"#
                + #""tool_choice":"required""#
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: tenantHeaders, body: chatBody(extra: tools)
                ) { response in
                    #expect(response.status == .ok)
                    let json = try JSONValue(parsing: String(buffer: response.body))
                    let call = json["choices"]?[0]?["message"]?["tool_calls"]?[0]
                    #expect(call?["function"]?["name"]?.stringValue == "search")
                    #expect(call?["function"]?["arguments"]?.stringValue == #"{"query":"x"}"#)
                    #expect(json["choices"]?[0]?["finish_reason"]?.stringValue == "tool_calls")
                }
            }
        }
    }

    @Test("a request without a tenant is refused with 401 missing_tenant")
    func missingTenant() async throws {
        let app = try await makeApp(gateway: makeGateway())
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                body: chatBody()
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(errorBody(response).code == "missing_tenant")
                #expect(response.headers[.contentType] == "application/json")
            }
        }
    }

    @Test("a malformed tenant id is a 400 naming the bad character")
    func invalidTenant() async throws {
        let app = try await makeApp(gateway: makeGateway())
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/chat/completions", method: .post,
                headers: [HTTPField.Name("X-Switchyard-Tenant")!: "acme/../x"], body: chatBody()
            ) { response in
                #expect(response.status == .badRequest)
                let error = errorBody(response)
                #expect(error.code == "invalid_tenant")
                #expect(error.message.contains("'/'"))
            }
        }
    }

    @Test("a body that is not JSON is a 400 malformed_json")
    func malformedJSON() async throws {
        let app = try await makeApp(gateway: makeGateway())
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: tenantHeaders,
                body: ByteBuffer(string: #"{"model": "gpt-fake", "messages": [}"#)
            ) { response in
                #expect(response.status == .badRequest)
                let error = errorBody(response)
                #expect(error.code == "malformed_json")
                #expect(error.message.contains("not valid JSON"))
            }
        }
    }

    @Test(
        "a JSON body with a wrong field is a 400 naming the field",
        arguments: [
            (#"{"messages":[{"role":"user","content":"x"}]}"#, "model"),
            (#"{"model":"gpt-fake","messages":[]}"#, "messages"),
            (#"{"model":"gpt-fake","messages":[{"role":"robot","content":"x"}]}"#, "messages[0].role"),
            (#"{"model":"gpt-fake","messages":[{"role":"user","content":5}]}"#, "messages[0].content"),
            (#"{"model":"gpt-fake","messages":[{"role":"user","content":"x"}],"temperature":"hot"}"#, "temperature"),
            (#"{"model":"gpt-fake","messages":[{"role":"tool","content":"x"}]}"#, "messages[0].tool_call_id"),
        ])
    func invalidField(body: String, field: String) async throws {
        let app = try await makeApp(gateway: makeGateway())
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: tenantHeaders, body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                let error = errorBody(response)
                #expect(error.code == "invalid_request")
                #expect(error.message.hasPrefix(field + ":"), "\(error.message)")
            }
        }
    }

    @Test("a body over the limit is a 413 body_too_large", arguments: [1024, ServerOptions.defaultMaxBodyBytes])
    func oversizedBody(limit: Int) async throws {
        let app = try await makeApp(
            gateway: makeGateway(), options: ServerOptions(maxBodyBytes: limit, tenantHeader: true))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: tenantHeaders,
                body: chatBody(text: String(repeating: "a", count: limit))
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(errorBody(response).code == "body_too_large")
            }
        }
    }

    @Test("an unknown model is a 404 unknown_model listing the configured ones")
    func unknownModel() async throws {
        let app = try await makeApp(gateway: makeGateway())
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: tenantHeaders, body: chatBody(model: "gpt-9")
            ) { response in
                #expect(response.status == .notFound)
                let error = errorBody(response)
                #expect(error.code == "unknown_model")
                #expect(error.message.contains("gpt-fake"))
            }
        }
    }

    @Test("stream: true answers chat.completion.chunk events, the usage, then [DONE]")
    func streaming() async throws {
        try await FakeOpenAIServer.run { baseURL, _ in
            let app = try await makeApp(gateway: makeGateway(baseURL: baseURL))
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: tenantHeaders,
                    body: chatBody(text: "one two three", extra: #","stream":true"#)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/event-stream")
                    let events = String(buffer: response.body).components(separatedBy: "\n\n")
                        .filter { !$0.isEmpty }.map { String($0.dropFirst("data: ".count)) }
                    #expect(events.last == "[DONE]")
                    let chunks = try events.dropLast().map { try JSONValue(parsing: $0) }
                    #expect(chunks.first?["choices"]?[0]?["delta"]?["role"]?.stringValue == "assistant")
                    let text = chunks.compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
                    #expect(text == "echo: one two three")
                    #expect(chunks.contains { $0["choices"]?[0]?["finish_reason"]?.stringValue == "stop" })
                    #expect((chunks.last?["usage"]?["total_tokens"]?.intValue ?? 0) > 0)
                    #expect(chunks.allSatisfy { $0["object"]?.stringValue == "chat.completion.chunk" })
                }
            }
        }
    }

    @Test("a streamed request that fails before its first delta gets a JSON error status")
    func streamingErrorBeforeFirstDelta() async throws {
        let app = try await makeApp(gateway: makeGateway())
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: tenantHeaders,
                body: chatBody(model: "gpt-9", extra: #","stream":true"#)
            ) { response in
                #expect(response.status == .notFound)
                #expect(errorBody(response).code == "unknown_model")
            }
        }
    }

    @Test("an unreachable upstream is a 502 all_deployments_failed")
    func upstreamDown() async throws {
        var options = Gateway.Options()
        options.attemptsPerDeployment = 1
        options.maxCooldownWait = .zero
        let config = GatewayConfig(
            // AsyncHTTPClient keeps retrying a refused connection until the request's deadline: keep it short.
            providers: ["fake": .init(kind: .openai, baseURL: "http://127.0.0.1:9/v1", timeoutSeconds: 1)],
            models: [.init(name: "gpt-fake", provider: "fake")])
        let gateway = try await GatewayFactory.make(config: config, environment: [:], options: options)
        try await makeApp(gateway: gateway).test(.router) { client in
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: tenantHeaders, body: chatBody()
            ) { response in
                #expect(response.status == .badGateway)
                #expect(errorBody(response).code == "all_deployments_failed")
            }
        }
    }
}
