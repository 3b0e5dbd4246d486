import Foundation
import SwitchyardCore
import SwitchyardInference
import SwitchyardModelAPI
import SwitchyardModels
import Testing

@Suite(.timeLimit(.minutes(3))) struct LocalChatModelTests {
    let question = ChatRequest(messages: [.user("What is the capital of France?")], temperature: 0, maxTokens: 12)

    @Test func answersWithRealUsageAndZeroCost() async throws {
        let model = try TestModels.smollm2.get()
        let response = try await model.complete(question)
        #expect(!response.message.content.isEmpty)
        #expect(
            response.usage.promptTokens
                == (try model.languageModel.encodeChat([.user(question.messages[0].content)]).count))
        #expect((1...12).contains(response.usage.completionTokens))
        #expect(response.cost == 0)
        #expect(model.kind == "local")
    }

    @Test func maxTokensEndsWithLength() async throws {
        let model = try TestModels.smollm2.get()
        var request = question
        request.maxTokens = 3
        let response = try await model.complete(request)
        #expect(response.finishReason == .length)
        #expect(response.usage.completionTokens == 3)
    }

    @Test func ignoreEndOfGenerationProducesEveryToken() async throws {
        let model = try TestModels.smollm2.get()
        var request = ChatRequest(messages: [.user("Say yes.")], temperature: 0, maxTokens: 40)
        request.ignoreEndOfGeneration = true
        let forced = try await model.complete(request)
        #expect(forced.usage.completionTokens == 40)
        #expect(forced.finishReason == .length)
    }

    @Test func stopSequencesAreHonoured() async throws {
        let model = try TestModels.smollm2.get()
        let free = try await model.complete(question)
        let words = free.message.content.split(separator: " ")
        try #require(words.count >= 2)
        var request = question
        request.stop = [String(words[1])]
        let stopped = try await model.complete(request)
        #expect(!stopped.message.content.contains(String(words[1])))
        #expect(stopped.finishReason == .stop)
    }

    @Test func concurrentRequestsDoNotShareAKVCache() async throws {
        let model = try TestModels.smollm2.get()
        let prompts = ["Name a colour.", "What is 2 + 2?", "Say hello in French.", "Name a fruit."]
        var sequential: [String] = []
        for p in prompts {
            sequential.append(
                try await model.complete(ChatRequest(messages: [.user(p)], temperature: 0, maxTokens: 10)).message
                    .content)
        }
        let concurrent = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (i, p) in prompts.enumerated() {
                group.addTask {
                    (
                        i,
                        try await model.complete(ChatRequest(messages: [.user(p)], temperature: 0, maxTokens: 10))
                            .message.content
                    )
                }
            }
            var out = Array(repeating: "", count: prompts.count)
            for try await (i, text) in group { out[i] = text }
            return out
        }
        #expect(concurrent == sequential)
    }

    @Test func sameSeedSameText() async throws {
        let model = try TestModels.smollm2.get()
        let request = ChatRequest(messages: [.user("Tell me a word.")], temperature: 0.9, maxTokens: 8, seed: 42)
        let a = try await model.complete(request)
        let b = try await model.complete(request)
        #expect(a.message.content == b.message.content)
    }

    @Test func streamsDeltasThenUsageAndStopsWhenTheConsumerLeaves() async throws {
        let model = try TestModels.smollm2.get()
        var text = ""
        var last: ChatDelta?
        for try await delta in model.stream(question) {
            text += delta.text
            last = delta
        }
        #expect(!text.isEmpty)
        #expect(last?.usage != nil)
        #expect(last?.finishReason != nil)
        // Leave after the first delta, many times over: every session comes back to the pool.
        for _ in 0..<4 {
            var long = question
            long.maxTokens = 200
            for try await _ in model.stream(long) { break }
        }
        let after = try await model.complete(question)
        #expect(after.message.content == text)
    }

    /// With one session, a second request waits; cancelling it while it waits leaves the pool intact.
    @Test func aWaitingRequestCanBeCancelled() async throws {
        let single = LocalChatModel(languageModel: try TestModels.smollm2.get().languageModel, sessions: 1)
        var long = question
        long.maxTokens = 64
        var first = single.stream(long).makeAsyncIterator()
        _ = try await first.next()  // the only session is now busy
        let waiting = Task { try await single.complete(question) }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        while try await first.next() != nil {}
        let after = try await single.complete(question)
        #expect(after.usage.completionTokens > 0)
    }

    static let weatherTool = ToolDefinition(
        name: "get_weather", description: "Current weather for a city",
        parameters: [
            "type": "object", "required": ["city", "unit"], "additionalProperties": false,
            "properties": [
                "city": ["type": "string", "minLength": 1, "maxLength": 24],
                "unit": ["enum": ["celsius", "fahrenheit"]],
            ],
        ])

    @Test func responseSchemaAnswersValidJSON() async throws {
        let model = try TestModels.smollm2.get()
        let schema: JSONValue = [
            "type": "object", "required": ["city", "population"], "additionalProperties": false,
            "properties": [
                "city": ["type": "string", "maxLength": 20], "population": ["type": "integer", "minimum": 0],
            ],
        ]
        for temperature in [0.0, 1.5] {
            let request = ChatRequest(
                messages: [.user("Describe Paris as JSON.")], responseSchema: schema, temperature: temperature,
                maxTokens: 48, seed: 7)
            let response = try await model.complete(request)
            let value = try JSONValue(parsing: response.message.content)
            #expect(try JSONSchema(schema).validate(value).isEmpty, "\(response.message.content)")
            #expect(response.finishReason == .stop)
        }
    }

    @Test(arguments: [ToolChoice.required, ToolChoice.tool("get_weather")])
    func forcedToolChoiceCallsTheToolWithValidArguments(_ choice: ToolChoice) async throws {
        let model = try TestModels.smollm2.get()
        let request = ChatRequest(
            messages: [.user("What's the weather in Lyon?")], tools: [Self.weatherTool], toolChoice: choice,
            temperature: 1.5, maxTokens: 64, seed: 3)
        let response = try await model.complete(request)
        let call = try #require(response.message.toolCalls.first)
        #expect(call.name == "get_weather")
        #expect(try JSONSchema(Self.weatherTool.parameters).validate(call.arguments).isEmpty)
        #expect(call.id.hasPrefix("call_"))
        #expect(response.finishReason == .toolCalls)
        #expect(response.message.content.isEmpty)
    }

    @Test func toolChoiceNoneAnswersInText() async throws {
        let model = try TestModels.smollm2.get()
        let request = ChatRequest(
            messages: [.user("Say hello.")], tools: [Self.weatherTool], toolChoice: ToolChoice.none, temperature: 0,
            maxTokens: 16)
        let response = try await model.complete(request)
        #expect(response.message.toolCalls.isEmpty)
        #expect(!response.message.content.hasPrefix("<tool_call>"))
        #expect(!response.message.content.isEmpty)
    }

    @Test func autoToolChoiceGivesTextOrAValidCall() async throws {
        let model = try TestModels.smollm2.get()
        for seed in 0..<4 {
            let request = ChatRequest(
                messages: [.user("What's the weather in Oslo? Use the tool.")], tools: [Self.weatherTool],
                temperature: 1, maxTokens: 64, seed: seed)
            let response = try await model.complete(request)
            if let call = response.message.toolCalls.first {
                #expect(call.name == "get_weather")
                #expect(try JSONSchema(Self.weatherTool.parameters).validate(call.arguments).isEmpty)
            } else {
                #expect(!response.message.content.hasPrefix("<tool_call>"))
            }
        }
    }

    @Test func streamedToolCallArrivesAsOneFragment() async throws {
        let model = try TestModels.smollm2.get()
        let request = ChatRequest(
            messages: [.user("Weather in Rome?")], tools: [Self.weatherTool], toolChoice: .required, temperature: 0,
            maxTokens: 64)
        var deltas: [ChatDelta] = []
        for try await delta in model.stream(request) { deltas.append(delta) }
        #expect(deltas.allSatisfy { $0.text.isEmpty })
        let fragments = deltas.flatMap(\.toolCalls)
        #expect(fragments.count == 1)
        #expect(fragments.first?.name == "get_weather")
        #expect(deltas.last?.finishReason == .toolCalls)
    }

    @Test func structuredRequestsItCannotEnforceFailClearly() async throws {
        let model = try TestModels.smollm2.get()
        let unenforceable = ChatRequest(
            messages: [.user("x")], responseSchema: ["type": "array", "uniqueItems": true])
        let refused = await #expect(throws: SwitchyardError.self) { try await model.complete(unenforceable) }
        #expect(refused?.code == .unsupportedSchemaKeyword)
        let both = ChatRequest(messages: [.user("x")], tools: [Self.weatherTool], responseSchema: ["type": "object"])
        let combined = await #expect(throws: SwitchyardError.self) { try await model.complete(both) }
        #expect(combined?.code == .localStructuredOutputUnavailable)
        let unknown = ChatRequest(messages: [.user("x")], tools: [Self.weatherTool], toolChoice: .tool("nope"))
        let named = await #expect(throws: SwitchyardError.self) { try await model.complete(unknown) }
        #expect(named?.code == .invalidArgument)
    }

    @Test func configBuildsALocalGateway() async throws {
        _ = try TestModels.require("smollm2-135m-instruct-q4_1.gguf")
        let config = try GatewayConfig.parse(
            yaml: """
                providers:
                  engine: {kind: local, models_dir: "\(TestModels.modelsDirectory)", sessions: 1}
                models:
                  - {name: tiny, provider: engine, model: smollm2, context: 2048}
                """)
        let clients = try config.makeClients(environment: [:])
        #expect(clients["tiny"]?.kind == "local")
        let gateway = await Gateway(config: config, clients: clients, limiter: TestTimer.limiter())
        let response = try await gateway.complete(
            ChatRequest(model: "tiny", messages: [.user("Hi")], temperature: 0, maxTokens: 4),
            context: CallContext(tenant: try TenantID("acme")))
        #expect(response.model == "tiny")
        #expect(response.usage.completionTokens > 0)
        #expect(response.cost == 0)
    }

    @Test func missingModelFilesAndKeysAreReportedTogether() throws {
        let config = try GatewayConfig.parse(
            yaml: """
                providers:
                  engine: {kind: local, models_dir: /nonexistent}
                  remote: {kind: openai, base_url: "http://127.0.0.1:1/v1", api_key_env: NO_SUCH_KEY}
                models:
                  - {name: tiny, provider: engine, model: smollm2}
                  - {name: gpt, provider: remote}
                """)
        let error = #expect(throws: SwitchyardError.self) { try config.makeClients(environment: [:]) }
        #expect(error?.code == .providerUnavailable)
        #expect(error?.details.count == 2)
    }
}

/// The local engine behind the gateway's streaming path.
@Suite(.timeLimit(.minutes(3))) struct LocalGatewayStreamTests {
    @Test func streamsThroughTheGatewayAndReplaysFromTheCache() async throws {
        let model = try TestModels.smollm2.get()
        let config = GatewayConfig(
            providers: ["engine": .init(kind: .local)], models: [.init(name: "tiny", provider: "engine")])
        let ledger = CostLedger()
        let gateway = await Gateway(
            config: config, clients: ["tiny": model], limiter: TestTimer.limiter(), ledger: ledger)
        let request = ChatRequest(model: "tiny", messages: [.user("Name a colour.")], temperature: 0, maxTokens: 8)
        let direct = try await model.complete(request)
        var text = ""
        var last: ChatDelta?
        for try await delta in gateway.stream(request, context: CallContext(tenant: try TenantID("acme"))) {
            text += delta.text
            last = delta
        }
        // Not compared token for token with `direct`: the gateway's call reuses the session's cached prompt and
        // evaluates only its last token, and like llama.cpp the engine's last bits depend on the batch shape.
        #expect(!text.isEmpty)
        #expect(last?.usage?.promptTokens == direct.usage.promptTokens)
        #expect((1...8).contains(last?.usage?.completionTokens ?? 0))
        #expect(last?.cache == "miss")
        #expect(ledger.totals(tenant: try TenantID("acme"))["tiny"]?.cost == 0)
        var replayed = ""
        for try await delta in gateway.stream(request, context: CallContext(tenant: try TenantID("acme"))) {
            replayed += delta.text
            if let cache = delta.cache { #expect(cache == "hit") }
        }
        #expect(replayed == text)
    }
}

/// A request the local engine cannot enforce falls back to the next model of the route.
@Suite(.timeLimit(.minutes(3))) struct LocalFallbackTests {
    @Test func toolsFallBackToARemoteModelOrFailClearlyWhenThereIsNone() async throws {
        let model = try TestModels.smollm2.get()
        let remote = FakeUpstream()
        let gateway = await Gateway(
            config: config(
                [("tiny", "local", nil, nil), ("gpt", "remote", nil, nil)], routes: ["tools": ["tiny", "gpt"]]),
            clients: ["tiny": model, "gpt": remote], limiter: TestTimer.limiter())
        // uniqueItems cannot be enforced while decoding, so the local engine refuses the tool up front.
        let tool = ToolDefinition(
            name: "search", description: "",
            parameters: ["type": "object", "properties": ["ids": ["type": "array", "uniqueItems": true]]])
        let request = ChatRequest(messages: [.user("find it")], tools: [tool], task: "tools")
        let answer = try await gateway.complete(request, context: CallContext(tenant: acme))
        #expect(answer.model == "gpt")
        var streamed = ""
        for try await delta in gateway.stream(request, context: CallContext(tenant: acme)) { streamed += delta.text }
        #expect(streamed == "echo: find it")
        #expect(remote.calls == 2)
        var alone = request
        alone.task = nil
        alone.model = "tiny"
        let error = await #expect(throws: SwitchyardError.self) {
            try await gateway.complete(alone, context: CallContext(tenant: acme))
        }
        #expect(error?.code == .unsupportedSchemaKeyword)
    }
}
