import SwitchyardCore
import SwitchyardModelAPI

/// The OpenAI chat-completions wire format (also spoken by vLLM, TGI, Ollama, llama.cpp server, LM Studio).
enum OpenAIWire {
    static func body(_ request: ChatRequest, stream: Bool) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(request.messages.map(message)),
        ]
        if !request.tools.isEmpty {
            body["tools"] = .array(
                request.tools.map { tool in
                    [
                        "type": "function",
                        "function": [
                            "name": .string(tool.name), "description": .string(tool.description),
                            "parameters": tool.parameters,
                        ],
                    ]
                })
        }
        if let choice = request.toolChoice {
            body["tool_choice"] =
                choice.mode == "function"
                ? ["type": "function", "function": ["name": .string(choice.name ?? "")]] : .string(choice.mode)
        }
        if let schema = request.responseSchema {
            body["response_format"] = [
                "type": "json_schema", "json_schema": ["name": "response", "schema": schema, "strict": true],
            ]
        }
        if let t = request.temperature { body["temperature"] = .double(t) }
        if let p = request.topP { body["top_p"] = .double(p) }
        if let m = request.maxTokens { body["max_tokens"] = .int(m) }
        if !request.stop.isEmpty { body["stop"] = .array(request.stop.map(JSONValue.string)) }
        if let seed = request.seed { body["seed"] = .int(seed) }
        if stream {
            body["stream"] = true
            body["stream_options"] = ["include_usage": true]
        }
        return .object(body)
    }

    static func message(_ m: ChatMessage) -> JSONValue {
        var out: [String: JSONValue] = ["role": .string(m.role.rawValue), "content": .string(m.content)]
        if !m.toolCalls.isEmpty {
            out["tool_calls"] = .array(
                m.toolCalls.map { call in
                    [
                        "id": .string(call.id), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.arguments.jsonText)],
                    ]
                })
        }
        if let id = m.toolCallID { out["tool_call_id"] = .string(id) }
        return .object(out)
    }

    /// Reads a non-streamed response body.
    static func response(_ json: JSONValue, model: String) throws -> ChatResponse {
        guard case .array(let choices)? = json["choices"], let first = choices.first, let message = first["message"]
        else { throw ProviderError(kind: .transient, message: "the response has no choices[0].message") }
        let calls = try toolCalls(message["tool_calls"])
        return ChatResponse(
            model: json["model"]?.stringValue ?? model,
            message: ChatMessage(role: .assistant, content: message["content"]?.stringValue ?? "", toolCalls: calls),
            finishReason: FinishReason(rawValue: first["finish_reason"]?.stringValue ?? "stop"),
            usage: usage(json["usage"]))
    }

    static func usage(_ json: JSONValue?) -> Usage {
        Usage(
            promptTokens: json?["prompt_tokens"]?.intValue ?? 0,
            completionTokens: json?["completion_tokens"]?.intValue ?? 0,
            cachedTokens: json?["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0)
    }

    static func toolCalls(_ json: JSONValue?) throws -> [ToolCall] {
        guard case .array(let calls)? = json else { return [] }
        return calls.map { call in
            let text = call["function"]?["arguments"]?.stringValue ?? "{}"
            // Unparsable arguments stay a string: the gateway's tool-call validation sends them back to the model.
            let arguments = (try? JSONValue(parsing: text.isEmpty ? "{}" : text)) ?? .string(text)
            return ToolCall(
                id: call["id"]?.stringValue ?? "", name: call["function"]?["name"]?.stringValue ?? "",
                arguments: arguments)
        }
    }

    /// One streamed chunk as a delta.
    static func delta(_ json: JSONValue) -> ChatDelta {
        var delta = ChatDelta()
        if case .array(let choices)? = json["choices"], let first = choices.first {
            delta.text = first["delta"]?["content"]?.stringValue ?? ""
            if case .array(let calls)? = first["delta"]?["tool_calls"] {
                delta.toolCalls = calls.map { call in
                    ChatDelta.ToolCallFragment(
                        index: call["index"]?.intValue ?? 0, id: call["id"]?.stringValue,
                        name: call["function"]?["name"]?.stringValue,
                        arguments: call["function"]?["arguments"]?.stringValue ?? "")
                }
            }
            if let reason = first["finish_reason"]?.stringValue { delta.finishReason = FinishReason(rawValue: reason) }
        }
        if let usage = json["usage"], usage != .null { delta.usage = Self.usage(usage) }
        return delta
    }
}
