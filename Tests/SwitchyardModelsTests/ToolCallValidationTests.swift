import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardTesting
import Testing

/// Tool calls are validated against their tool's schema before any caller sees them, with bounded repair.
@Suite struct ToolCallValidationTests {
    static let weather = ToolDefinition(
        name: "weather", description: "the weather in a city",
        parameters: [
            "type": "object", "required": ["city", "days"], "additionalProperties": false,
            "properties": ["city": ["type": "string"], "days": ["type": "integer", "minimum": 1, "maximum": 7]],
        ])

    @Test func reportsUnknownToolsBadJSONAndSchemaErrorsWithPointers() throws {
        let validator = try ToolCallValidator(tools: [Self.weather])
        let problems = validator.problems(in: [
            ToolCall(id: "1", name: "wether", arguments: ["city": "Oslo"]),
            ToolCall(id: "2", name: "weather", arguments: .string(#"{"city": "Oslo""#)),
            ToolCall(id: "3", name: "weather", arguments: ["city": 5, "days": 9]),
            ToolCall(id: "4", name: "weather", arguments: ["city": "Oslo", "days": 2]),
        ])
        #expect(problems.map(\.callID) == ["1", "2", "3"])
        #expect(problems[0].errors.first?.contains("unknown tool 'wether'") == true)
        #expect(problems[1].errors.first?.contains("not valid JSON") == true)
        #expect(problems[2].errors.contains { $0.hasPrefix("/city:") })
        #expect(problems[2].errors.contains { $0.hasPrefix("/days:") })
    }

    @Test func aToolWithABadSchemaIsTheCallersError() {
        let bad = ToolDefinition(name: "x", description: "", parameters: ["type": 12])
        let error = #expect(throws: SwitchyardError.self) { try ToolCallValidator(tools: [bad]) }
        #expect(error?.code == .invalidToolSchema)
    }

    func gateway(_ base: String, retries: Int = 2) async -> Gateway {
        var options = Gateway.Options()
        options.toolCallRetries = retries
        return await Gateway(
            config: GatewayConfig(
                providers: ["fake": .init(kind: "openai", baseURL: base)],
                models: [.init(name: "fake", provider: "fake", price: .init(input: 1, output: 1))]),
            clients: ["fake": OpenAICompatibleClient(baseURL: base)], options: options)
    }

    let request = ChatRequest(
        model: "fake", messages: [.user("weather in Oslo for two days?")], tools: [weather], toolChoice: .required)

    /// The fake server first answers with arguments that break the schema, then with valid ones: the caller
    /// only sees the valid call, and the model was shown the errors (JSON pointers) in between.
    @Test func anInvalidCallIsSentBackAndTheRepairedOneReturned() async throws {
        var behavior = FakeOpenAIServer.Behavior()
        behavior.script = [
            .init(toolCalls: [("weather", #"{"city": "Oslo", "days": "two"}"#)]),
            .init(toolCalls: [("weather", #"{"city": "Oslo", "days": 2}"#)]),
        ]
        try await FakeOpenAIServer.run(behavior) { base, stats in
            let response = try await gateway(base).complete(request, context: CallContext(tenant: acme))
            #expect(response.message.toolCalls.first?.arguments == ["city": "Oslo", "days": 2])
            #expect(stats.bodies.count == 2)
            let repair = try JSONValue(parsing: stats.bodies[1])
            guard case .array(let messages)? = repair["messages"] else {
                Issue.record("no messages")
                return
            }
            #expect(messages.count == 3)  // the question, the invalid call, the tool result with the errors
            #expect(messages[2]["role"] == "tool")
            #expect(messages[2]["content"]?.stringValue?.contains("/days:") == true)
            #expect(response.usage.promptTokens > 0)
        }
    }

    @Test func unparsableArgumentsAndUnknownToolsAreRepairedToo() async throws {
        var behavior = FakeOpenAIServer.Behavior()
        behavior.script = [
            .init(toolCalls: [("weather", #"{"city": "Oslo", "days": 2"#)]),
            .init(toolCalls: [("forecast", #"{"city": "Oslo", "days": 2}"#)]),
            .init(toolCalls: [("weather", #"{"city": "Oslo", "days": 2}"#)]),
        ]
        try await FakeOpenAIServer.run(behavior) { base, stats in
            let response = try await gateway(base).complete(request, context: CallContext(tenant: acme))
            #expect(response.message.toolCalls.first?.name == "weather")
            #expect(stats.bodies.count == 3)
            #expect(stats.bodies[2].contains("unknown tool 'forecast'"))
        }
    }

    @Test func givesUpAfterTheRetriesWithInvalidToolCall() async throws {
        var behavior = FakeOpenAIServer.Behavior()
        behavior.script = Array(repeating: .init(toolCalls: [("weather", #"{"city": 1}"#)]), count: 5)
        try await FakeOpenAIServer.run(behavior) { base, stats in
            let error = await #expect(throws: SwitchyardError.self) {
                try await gateway(base, retries: 1).complete(request, context: CallContext(tenant: acme))
            }
            #expect(error?.code == .invalidToolCall)
            #expect(error?.details.first?.contains("/city:") == true)
            #expect(stats.bodies.count == 2)  // the call and one repair
        }
    }

    @Test func streamedToolCallsAreValidatedBeforeTheyAreSent() async throws {
        var behavior = FakeOpenAIServer.Behavior()
        behavior.script = [
            .init(toolCalls: [("weather", #"{"city": "Oslo", "days": 0}"#)]),
            .init(toolCalls: [("weather", #"{"city": "Oslo", "days": 3}"#)]),
        ]
        try await FakeOpenAIServer.run(behavior) { base, stats in
            var fragments: [ChatDelta.ToolCallFragment] = []
            for try await delta in await gateway(base).stream(request, context: CallContext(tenant: acme)) {
                fragments += delta.toolCalls
            }
            #expect(fragments.count == 1)
            #expect(try JSONValue(parsing: fragments[0].arguments) == ["city": "Oslo", "days": 3])
            #expect(stats.bodies.count == 2)
        }
    }
}
