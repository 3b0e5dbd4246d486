import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels

/// Writes a gateway ``ChatResponse`` in OpenAI's `chat.completion` wire format.
enum ChatCompletionResponse {
    static func json(_ response: ChatResponse, id: String, created: Int) -> JSONValue {
        var message: [String: JSONValue] = [
            "role": "assistant",
            "content": response.message.content.isEmpty && !response.message.toolCalls.isEmpty
                ? .null : .string(response.message.content),
        ]
        if !response.message.toolCalls.isEmpty {
            message["tool_calls"] = .array(
                response.message.toolCalls.map { call in
                    [
                        "id": .string(call.id), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.arguments.jsonText)],
                    ]
                })
        }
        var usage: [String: JSONValue] = [
            "prompt_tokens": .int(response.usage.promptTokens),
            "completion_tokens": .int(response.usage.completionTokens),
            "total_tokens": .int(response.usage.totalTokens),
        ]
        if response.usage.cachedTokens > 0 {
            usage["prompt_tokens_details"] = ["cached_tokens": .int(response.usage.cachedTokens)]
        }
        return [
            "id": .string(id), "object": "chat.completion", "created": .int(created), "model": .string(response.model),
            "choices": [
                [
                    "index": 0, "message": .object(message), "finish_reason": .string(response.finishReason.rawValue),
                ]
            ],
            "usage": .object(usage),
        ]
    }

    /// A fresh `chatcmpl-…` id.
    static func newID() -> String {
        "chatcmpl-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
