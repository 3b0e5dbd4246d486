import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchyardCore
import SwitchyardModelAPI

/// A client for Anthropic's Messages API: whole answers and event streams (text and tool-use deltas).
/// The key goes in `x-api-key` and never appears in errors.
public struct AnthropicClient: ProviderClient, ChatModel {
    public let kind = ProviderKind.anthropic.rawValue
    let transport: HTTPTransport
    /// The API version header Anthropic requires.
    public static let version = "2023-06-01"

    /// The API root, e.g. `https://api.anthropic.com`.
    public var baseURL: String { transport.baseURL }

    /// A client for the Messages API at `baseURL`.
    /// - Parameters:
    ///   - baseURL: The API root.
    ///   - apiKey: The key, sent as `x-api-key`; nil sends none.
    ///   - headers: Extra headers sent with every request.
    ///   - timeout: Per-request timeout.
    ///   - http: The HTTP client.
    public init(
        baseURL: String = "https://api.anthropic.com", apiKey: String?, headers: [String: String] = [:],
        timeout: Duration = .seconds(120), http: HTTPClient = .shared
    ) {
        transport = HTTPTransport(baseURL: baseURL, apiKey: apiKey, headers: headers, timeout: timeout, http: http)
    }

    func httpRequest(_ request: ChatRequest, stream: Bool) throws -> HTTPClientRequest {
        var own = [("anthropic-version", Self.version)]
        if let key = transport.apiKey { own.append(("x-api-key", key)) }
        return try transport.post("/v1/messages", body: AnthropicWire.body(request, stream: stream), headers: own)
    }

    public func send(_ request: ChatRequest) async throws -> ProviderReply {
        let (json, feedback) = try await transport.json(try httpRequest(request, stream: false))
        return ProviderReply(response: try AnthropicWire.response(json, request: request), feedback: feedback)
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse { try await send(request).response }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        let transport = self.transport
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, any Error>.makeStream()
        let task = Task {
            do {
                var blockTools: [Int: Int] = [:]
                var usage = Usage(promptTokens: 0, completionTokens: 0)
                try await transport.events(try httpRequest(request, stream: true)) { event in
                    guard let json = try? JSONValue(parsing: event.data) else { return false }
                    switch json["type"]?.stringValue {
                    case "message_start":
                        usage = AnthropicWire.usage(json["message"]?["usage"])
                    case "content_block_start":
                        if json["content_block"]?["type"]?.stringValue == "tool_use",
                            let index = json["index"]?.intValue
                        {
                            let toolIndex = blockTools.count
                            blockTools[index] = toolIndex
                            continuation.yield(
                                ChatDelta(toolCalls: [
                                    .init(
                                        index: toolIndex, id: json["content_block"]?["id"]?.stringValue,
                                        name: json["content_block"]?["name"]?.stringValue, arguments: "")
                                ]))
                        }
                    case "content_block_delta":
                        let delta = json["delta"]
                        if let text = delta?["text"]?.stringValue { continuation.yield(ChatDelta(text: text)) }
                        if let partial = delta?["partial_json"]?.stringValue, let index = json["index"]?.intValue {
                            continuation.yield(
                                ChatDelta(toolCalls: [.init(index: blockTools[index] ?? 0, arguments: partial)]))
                        }
                    case "message_delta":
                        usage.completionTokens = json["usage"]?["output_tokens"]?.intValue ?? usage.completionTokens
                        continuation.yield(
                            ChatDelta(
                                finishReason: AnthropicWire.finish(json["delta"]?["stop_reason"]?.stringValue),
                                usage: usage))
                    case "message_stop": return true
                    case "error":
                        throw ProviderError(
                            kind: .transient, message: json["error"]?["message"]?.stringValue ?? "stream error")
                    default: break
                    }
                    return false
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
