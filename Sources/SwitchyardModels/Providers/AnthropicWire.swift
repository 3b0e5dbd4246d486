import SwitchyardCore
import SwitchyardModelAPI

/// The Anthropic Messages wire format: system apart, content blocks, tool_use / tool_result blocks.
enum AnthropicWire {
    static func body(_ request: ChatRequest, stream: Bool) -> JSONValue {
        let system = request.messages.filter { $0.role == .system }.map(\.content).joined(separator: "\n\n")
        var messages: [JSONValue] = []
        for m in request.messages where m.role != .system {
            switch m.role {
            case .tool:
                let block: JSONValue = [
                    "type": "tool_result", "tool_use_id": .string(m.toolCallID ?? ""), "content": .string(m.content),
                ]
                messages.append(["role": "user", "content": [block]])
            case .assistant:
                var blocks: [JSONValue] = []
                if !m.content.isEmpty { blocks.append(["type": "text", "text": .string(m.content)]) }
                for call in m.toolCalls {
                    blocks.append([
                        "type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": call.arguments,
                    ])
                }
                messages.append(["role": "assistant", "content": .array(blocks)])
            default:
                messages.append(["role": "user", "content": .string(m.content)])
            }
        }
        var body: [String: JSONValue] = [
            "model": .string(request.model), "messages": .array(messages),
            "max_tokens": .int(request.maxTokens ?? 1024),
        ]
        if !system.isEmpty { body["system"] = .string(system) }
        var tools = request.tools.map { tool -> JSONValue in
            ["name": .string(tool.name), "description": .string(tool.description), "input_schema": tool.parameters]
        }
        var choice = request.toolChoice
        if let schema = request.responseSchema {
            // Structured output through a forced tool whose input is the schema.
            tools.append(["name": "respond", "description": "Give the final answer.", "input_schema": schema])
            choice = .tool("respond")
        }
        if !tools.isEmpty { body["tools"] = .array(tools) }
        if let choice {
            switch choice.mode {
            case "required": body["tool_choice"] = ["type": "any"]
            case "function": body["tool_choice"] = ["type": "tool", "name": .string(choice.name ?? "")]
            default: body["tool_choice"] = ["type": .string(choice.mode)]
            }
        }
        if let t = request.temperature { body["temperature"] = .double(t) }
        if let p = request.topP { body["top_p"] = .double(p) }
        if !request.stop.isEmpty { body["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        if stream { body["stream"] = true }
        return .object(body)
    }

    static func finish(_ reason: String?) -> FinishReason {
        switch reason {
        case "max_tokens": .length
        case "tool_use": .toolCalls
        default: .stop
        }
    }

    static func usage(_ json: JSONValue?) -> Usage {
        Usage(
            promptTokens: (json?["input_tokens"]?.intValue ?? 0) + (json?["cache_read_input_tokens"]?.intValue ?? 0),
            completionTokens: json?["output_tokens"]?.intValue ?? 0,
            cachedTokens: json?["cache_read_input_tokens"]?.intValue ?? 0)
    }

    static func response(_ json: JSONValue, request: ChatRequest) throws -> ChatResponse {
        guard case .array(let blocks)? = json["content"] else {
            throw ProviderError(kind: .transient, message: "the response has no content blocks")
        }
        var text = ""
        var calls: [ToolCall] = []
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "tool_use":
                calls.append(
                    ToolCall(
                        id: block["id"]?.stringValue ?? "", name: block["name"]?.stringValue ?? "",
                        arguments: block["input"] ?? [:]))
            default: break
            }
        }
        var reason = finish(json["stop_reason"]?.stringValue)
        if request.responseSchema != nil, let answer = calls.first(where: { $0.name == "respond" }) {
            text = answer.arguments.jsonText
            calls = []
            reason = .stop
        }
        return ChatResponse(
            model: json["model"]?.stringValue ?? request.model,
            message: ChatMessage(role: .assistant, content: text, toolCalls: calls), finishReason: reason,
            usage: usage(json["usage"]))
    }
}
