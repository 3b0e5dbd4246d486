import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardTesting
import Testing

/// The OpenAI-compatible client over real HTTP, against the loopback fake server.
@Suite struct OpenAIClientTests {
    @Test func completesAndSendsTheKeyOnlyAsABearerToken() async throws {
        try await FakeOpenAIServer.run { base, stats in
            let client = OpenAICompatibleClient(baseURL: base, apiKey: "sk-test-secret-0123456789abcdef")
            let reply = try await client.send(
                ChatRequest(model: "m", messages: [.system("s"), .user("hello there")], temperature: 0))
            #expect(reply.response.message.content == "echo: hello there")
            #expect(reply.response.usage.promptTokens > 0)
            #expect(reply.response.finishReason == .stop)
            #expect(stats.authorization == "Bearer sk-test-secret-0123456789abcdef")
            #expect(stats.lastBody.contains(#""temperature":0"#))
        }
    }

    @Test func streamsDeltasAndUsage() async throws {
        var behavior = FakeOpenAIServer.Behavior()
        behavior.chunkDelay = .milliseconds(2)
        try await FakeOpenAIServer.run(behavior) { base, _ in
            let client = OpenAICompatibleClient(baseURL: base)
            var text = ""
            var finish: FinishReason?
            var usage: Usage?
            for try await delta in client.stream(ChatRequest(model: "m", messages: [.user("one two three")])) {
                text += delta.text
                finish = delta.finishReason ?? finish
                usage = delta.usage ?? usage
            }
            #expect(text == "echo: one two three")
            #expect(finish == .stop)
            #expect(usage?.completionTokens == 4)
        }
    }

    @Test func toolCallsWholeAndStreamed() async throws {
        try await FakeOpenAIServer.run { base, _ in
            let client = OpenAICompatibleClient(baseURL: base)
            let tool = ToolDefinition(name: "search", description: "search docs", parameters: ["type": "object"])
            let request = ChatRequest(model: "m", messages: [.user("find it")], tools: [tool], toolChoice: .required)
            let whole = try await client.complete(request)
            #expect(whole.finishReason == .toolCalls)
            #expect(whole.message.toolCalls.first?.name == "search")
            #expect(whole.message.toolCalls.first?.arguments == ["query": "x"])
            var arguments = ""
            var name: String?
            for try await delta in client.stream(request) {
                for fragment in delta.toolCalls {
                    name = fragment.name ?? name
                    arguments += fragment.arguments
                }
            }
            #expect(name == "search")
            #expect(try JSONValue(parsing: arguments) == ["query": "x"])
        }
    }

    @Test func errorsAreClassifiedAndNeverEchoTheKey() async throws {
        var behavior = FakeOpenAIServer.Behavior()
        behavior.failFirst = 1
        behavior.requestsPerMinute = 1
        try await FakeOpenAIServer.run(behavior) { base, _ in
            let key = "sk-live-should-never-leak-0123456789"
            let client = OpenAICompatibleClient(baseURL: base, apiKey: key)
            let request = ChatRequest(model: "m", messages: [.user("x")])
            await #expect { try await client.send(request) } throws: { error in
                guard let e = error as? ProviderError else { return false }
                return e.kind == .transient && e.status == 503 && !"\(e)".contains(key)
            }
            _ = try await client.send(request)
            await #expect { try await client.send(request) } throws: { error in
                guard let e = error as? ProviderError else { return false }
                return e.kind == .rateLimited && e.feedback.retryAfter != nil
            }
        }
        let unreachable = OpenAICompatibleClient(baseURL: "http://127.0.0.1:9/v1", timeout: .seconds(5))
        await #expect { try await unreachable.send(ChatRequest(model: "m", messages: [.user("x")])) } throws: {
            ($0 as? ProviderError)?.kind == .transient
        }
    }

    /// The whole gateway over HTTP: 300 calls against a 60 RPM / 10k TPM server (time ×600): no caller sees a 429.
    @Test func gatewayBurstOverHTTP() async throws {
        var behavior = FakeOpenAIServer.Behavior()
        behavior.requestsPerMinute = 60
        behavior.tokensPerMinute = 10_000
        behavior.timeScale = 600
        try await FakeOpenAIServer.run(behavior) { base, stats in
            let config = GatewayConfig(
                providers: ["fake": .init(kind: "openai", baseURL: base)],
                models: [
                    .init(
                        name: "fake-model", provider: "fake", price: .init(input: 1, output: 1),
                        limits: .init(rpm: 60, tpm: 10_000))
                ])
            let gateway = await Gateway(
                config: config, clients: ["fake-model": OpenAICompatibleClient(baseURL: base)],
                limiter: RateLimiter(maxWait: .seconds(600), timeScale: 600))
            let tenant = try TenantID("acme")
            let ok = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<300 {
                    group.addTask {
                        let r = ChatRequest(
                            model: "fake-model", messages: [.user("question number \(i)")], maxTokens: 16)
                        return (try? await gateway.complete(r, context: CallContext(tenant: tenant))) != nil
                    }
                }
                var n = 0
                for await success in group where success { n += 1 }
                return n
            }
            #expect(ok == 300)
            #expect(stats.tooMany <= 60)  // see GatewayTests.burstOf500AgainstA60RPMUpstream
        }
    }
}

@Suite struct AnthropicClientTests {
    @Test func completesStreamsAndForcesSchemaThroughATool() async throws {
        try await FakeOpenAIServer.run { base, stats in
            let client = AnthropicClient(
                baseURL: base.replacingOccurrences(of: "/v1", with: ""), apiKey: "sk-ant-test-key-000000000000000000")
            let whole = try await client.complete(
                ChatRequest(model: "claude", messages: [.system("be brief"), .user("hi there")]))
            #expect(whole.message.content == "echo: hi there")
            #expect(stats.authorization == "sk-ant-test-key-000000000000000000")
            #expect(stats.lastBody.contains(#""system":"be brief""#))
            var text = ""
            var finish: FinishReason?
            for try await delta in client.stream(ChatRequest(model: "claude", messages: [.user("a b c")])) {
                text += delta.text
                finish = delta.finishReason ?? finish
            }
            #expect(text == "echo: a b c")
            #expect(finish == .stop)
            let structured = try await client.complete(
                ChatRequest(model: "claude", messages: [.user("x")], responseSchema: ["type": "object"]))
            #expect(try JSONValue(parsing: structured.message.content) == ["answer": "x"])
        }
    }
}
