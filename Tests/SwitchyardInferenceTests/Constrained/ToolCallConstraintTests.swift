import SwitchyardCore
import Testing

@testable import SwitchyardInference

@Suite("Tool-call constraints", .serialized)
struct ToolCallConstraintTests {
    static let tools = [
        ToolCallConstraint.Tool(
            name: "get_weather",
            parameters: [
                "type": "object", "required": ["city"], "additionalProperties": false,
                "properties": ["city": ["type": "string", "maxLength": 30], "unit": ["enum": ["c", "f"]]],
            ]),
        ToolCallConstraint.Tool(
            name: "add",
            parameters: [
                "type": "object", "required": ["a", "b"], "additionalProperties": false,
                "properties": ["a": ["type": "integer"], "b": ["type": "integer"]],
            ]),
    ]

    @Test func modesAcceptTheRightShapes() throws {
        let call = #"{"name":"add","arguments":{"a":1,"b":2}}"#
        let weather = #"{"name":"get_weather","arguments":{"city":"Paris","unit":"c"}}"#
        let auto = try ToolCallConstraint.constraint(tools: Self.tools, choice: .auto)
        #expect(auto.accepts("Hello there") && auto.accepts("") && auto.accepts("<tool") && auto.accepts("<b>"))
        #expect(auto.accepts("<tool_call>" + call) && auto.accepts("<tool_call>" + weather))
        #expect(!auto.accepts("<tool_call>hello") && !auto.accepts("<tool_call>" + call + " more"))
        #expect(!auto.accepts(#"<tool_call>{"name":"add","arguments":{"a":1}}"#))
        var s = auto.start()
        s.advance(bytes: Array(("<tool_call>" + call).utf8))
        #expect(s.isComplete)

        let none = try ToolCallConstraint.constraint(tools: Self.tools, choice: .none)
        #expect(none.accepts("Just text") && !none.accepts("<tool_call>" + call))
        let required = try ToolCallConstraint.constraint(tools: Self.tools, choice: .required)
        #expect(required.accepts(call) && required.accepts(weather) && !required.accepts("text"))
        let named = try ToolCallConstraint.constraint(tools: Self.tools, choice: .named("get_weather"))
        #expect(named.accepts(weather) && !named.accepts(call))
        #expect(throws: SwitchyardError.self) {
            try ToolCallConstraint.constraint(tools: Self.tools, choice: .named("nope"))
        }
        let bad = [ToolCallConstraint.Tool(name: "t", parameters: ["type": "array", "uniqueItems": true])]
        do {
            _ = try ToolCallConstraint.constraint(tools: bad, choice: .required)
            Issue.record("compiled")
        } catch {
            #expect(error.code == .unsupportedSchemaKeyword && error.message.contains("tool 't'"))
        }
    }

    @Test func parseSplitsTextAndCalls() {
        #expect(ToolCallConstraint.parse("hi") == .text("hi"))
        #expect(
            ToolCallConstraint.parse(#"<tool_call>{"name":"add","arguments":{"a":1,"b":2}}"#)
                == .call(name: "add", arguments: ["a": 1, "b": 2]))
        #expect(ToolCallConstraint.parse(#"{"name":"add","arguments":{}}"#) == .call(name: "add", arguments: [:]))
        #expect(ToolCallConstraint.parse(#"<tool_call>{"name":"ad"#) == .text(#"<tool_call>{"name":"ad"#))
    }

    @Test func modelCallsTheNamedToolWithValidArguments() throws {
        let lm = try ConstrainedGenerationTests.lm.get()
        let prompt = try lm.encodeChat([.user("What is the weather in Paris?")])
        for (choice, seed) in [(ToolCallConstraint.Choice.named("get_weather"), UInt64(1)), (.required, 2), (.auto, 3)]
        {
            var options = GenerationOptions(
                maxTokens: 48, sampling: SamplingOptions(temperature: 1.5, topK: 0, topP: 1, minP: 0, seed: seed))
            options.constraint = try ToolCallConstraint.constraint(tools: Self.tools, choice: choice)
            let r = try Generator.run(
                session: lm.makeSession(contextLength: 256), prompt: prompt, tokenizer: lm.tokenizer, options: options)
            switch ToolCallConstraint.parse(r.text) {
            case .call(let name, let arguments):
                let tool = try #require(Self.tools.first { $0.name == name })
                #expect(try JSONSchema(tool.parameters).isValid(arguments), "\(r.text)")
                if choice == .named("get_weather") { #expect(name == "get_weather") }
            case .text(let text):
                #expect(choice == .auto, "\(text)")
                #expect(!text.hasPrefix("<tool_call>"))
            }
        }
    }
}
