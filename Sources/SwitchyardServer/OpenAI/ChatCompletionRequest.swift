import Foundation
import HTTPTypes
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels

/// A `POST /v1/chat/completions` body read from OpenAI's wire format into the gateway's ``ChatRequest``.
/// Every problem names the field it is in (`messages[2].role: …`), so a client can fix its request.
struct ChatCompletionRequest: Sendable {
    var chat: ChatRequest
    /// The client asked for server-sent events.
    var stream: Bool

    /// Parses a body; a body that is not JSON says where it breaks.
    init(body: String) throws(APIError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            throw Self.invalid("the body is not valid JSON (\(Self.reason(error)))", code: .malformedJSON)
        }
        try self.init(json: json)
    }

    init(json: JSONValue) throws(APIError) {
        guard case .object(let body) = json else { throw Self.invalid("the body must be a JSON object") }
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw Self.invalid("model: required, a model name from GET /v1/models")
        }
        guard case .array(let rawMessages)? = body["messages"], !rawMessages.isEmpty else {
            throw Self.invalid("messages: required, a non-empty array")
        }
        var messages: [ChatMessage] = []
        for (index, raw) in rawMessages.enumerated() {
            messages.append(try Self.message(raw, path: "messages[\(index)]"))
        }
        var tools: [ToolDefinition] = []
        if let raw = body["tools"], raw != .null {
            guard case .array(let list) = raw else { throw Self.invalid("tools: expected an array") }
            for (index, tool) in list.enumerated() { tools.append(try Self.tool(tool, path: "tools[\(index)]")) }
        }
        if let n = body["n"], n != .null, n.intValue != 1 {
            throw Self.invalid("n: only 1 choice per request is supported")
        }
        chat = ChatRequest(
            model: model, messages: messages, tools: tools, toolChoice: try Self.toolChoice(body["tool_choice"]),
            responseSchema: try Self.responseSchema(body["response_format"]),
            temperature: try Self.number(body["temperature"], "temperature"),
            topP: try Self.number(body["top_p"], "top_p"),
            maxTokens: try Self.integer(body["max_completion_tokens"] ?? body["max_tokens"], "max_tokens"),
            stop: try Self.stop(body["stop"]), seed: try Self.integer(body["seed"], "seed"),
            task: body["task"]?.stringValue)
        if let raw = body["ignore_eos"], raw != .null {
            guard let ignore = raw.boolValue else { throw Self.invalid("ignore_eos: expected a boolean") }
            chat.ignoreEndOfGeneration = ignore
        }
        stream = body["stream"]?.boolValue ?? false
    }

    static func invalid(_ message: String, code: SwitchyardError.Code = .invalidRequest) -> APIError {
        APIError(.badRequest, code: code, message: message)
    }

    /// The decoder's own words about where the text stops being JSON.
    static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError as? NSError,
                let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
            {
                return detail
            }
            return context.debugDescription
        }
        return String(describing: error)
    }

    static func message(_ raw: JSONValue, path: String) throws(APIError) -> ChatMessage {
        guard case .object = raw else { throw invalid("\(path): expected an object") }
        guard let roleName = raw["role"]?.stringValue else { throw invalid("\(path).role: required, a string") }
        let role: ChatMessage.Role
        switch roleName {
        case "system", "developer": role = .system
        case "user": role = .user
        case "assistant": role = .assistant
        case "tool": role = .tool
        default: throw invalid("\(path).role: '\(roleName)' is not system, developer, user, assistant or tool")
        }
        let content = try text(raw["content"], path: "\(path).content")
        var calls: [ToolCall] = []
        if case .array(let list)? = raw["tool_calls"] {
            for (index, call) in list.enumerated() {
                let callPath = "\(path).tool_calls[\(index)]"
                guard let name = call["function"]?["name"]?.stringValue else {
                    throw invalid("\(callPath).function.name: required")
                }
                let argumentText = call["function"]?["arguments"]?.stringValue ?? "{}"
                guard let arguments = try? JSONValue(parsing: argumentText.isEmpty ? "{}" : argumentText) else {
                    throw invalid("\(callPath).function.arguments: not a JSON text")
                }
                calls.append(ToolCall(id: call["id"]?.stringValue ?? "", name: name, arguments: arguments))
            }
        }
        if role == .tool && raw["tool_call_id"]?.stringValue == nil {
            throw invalid("\(path).tool_call_id: required for a tool message")
        }
        return ChatMessage(role: role, content: content, toolCalls: calls, toolCallID: raw["tool_call_id"]?.stringValue)
    }

    /// A string, null, or an array of `{"type": "text", "text": …}` parts (joined).
    static func text(_ raw: JSONValue?, path: String) throws(APIError) -> String {
        switch raw {
        case nil, .null?: return ""
        case .string(let s)?: return s
        case .array(let parts)?:
            var out = ""
            for (index, part) in parts.enumerated() {
                guard part["type"]?.stringValue == "text", let text = part["text"]?.stringValue else {
                    throw invalid("\(path)[\(index)]: only text parts are supported")
                }
                out += text
            }
            return out
        default: throw invalid("\(path): expected a string or an array of text parts")
        }
    }

    static func tool(_ raw: JSONValue, path: String) throws(APIError) -> ToolDefinition {
        guard raw["type"]?.stringValue ?? "function" == "function", let function = raw["function"] else {
            throw invalid("\(path): expected {\"type\": \"function\", \"function\": {…}}")
        }
        guard let name = function["name"]?.stringValue, !name.isEmpty else {
            throw invalid("\(path).function.name: required")
        }
        return ToolDefinition(
            name: name, description: function["description"]?.stringValue ?? "",
            parameters: function["parameters"] ?? ["type": "object", "properties": [:]])
    }

    static func toolChoice(_ raw: JSONValue?) throws(APIError) -> ToolChoice? {
        switch raw {
        case nil, .null?: return nil
        case .string("auto")?: return .auto
        case .string("none")?: return ToolChoice.none
        case .string("required")?: return .required
        case .object?:
            guard let name = raw?["function"]?["name"]?.stringValue else {
                throw invalid("tool_choice.function.name: required")
            }
            return .tool(name)
        default: throw invalid("tool_choice: expected auto, none, required or {\"type\": \"function\", …}")
        }
    }

    static func responseSchema(_ raw: JSONValue?) throws(APIError) -> JSONValue? {
        guard let raw, raw != .null else { return nil }
        switch raw["type"]?.stringValue {
        case "text": return nil
        case "json_object": return ["type": "object"]
        case "json_schema":
            guard let schema = raw["json_schema"]?["schema"] else {
                throw invalid("response_format.json_schema.schema: required")
            }
            return schema
        default: throw invalid("response_format.type: expected text, json_object or json_schema")
        }
    }

    static func number(_ raw: JSONValue?, _ name: String) throws(APIError) -> Double? {
        switch raw {
        case nil, .null?: return nil
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: throw invalid("\(name): expected a number")
        }
    }

    static func integer(_ raw: JSONValue?, _ name: String) throws(APIError) -> Int? {
        guard let raw, raw != .null else { return nil }
        guard let value = raw.intValue else { throw invalid("\(name): expected an integer") }
        return value
    }

    static func stop(_ raw: JSONValue?) throws(APIError) -> [String] {
        switch raw {
        case nil, .null?: return []
        case .string(let s)?: return [s]
        case .array(let list)?:
            return try list.map { (item: JSONValue) throws(APIError) -> String in
                guard let s = item.stringValue else { throw invalid("stop: expected strings") }
                return s
            }
        default: throw invalid("stop: expected a string or an array of strings")
        }
    }
}
