import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchyardCore
import SwitchyardModelAPI

/// A client for any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, TGI, Ollama, llama.cpp server,
/// LM Studio): whole answers and SSE streams, tools and JSON-schema output. The API key is sent as a bearer
/// token and never appears in errors or logs.
public struct OpenAICompatibleClient: ProviderClient, ChatModel {
    public let kind = ProviderKind.openai.rawValue
    let transport: HTTPTransport

    /// The API root, e.g. `https://api.openai.com/v1`.
    public var baseURL: String { transport.baseURL }

    /// A client for the chat completions API at `baseURL`.
    /// - Parameters:
    ///   - baseURL: The API root, e.g. `https://api.openai.com/v1`.
    ///   - apiKey: The key, sent as a bearer token; nil sends none.
    ///   - headers: Extra headers sent with every request.
    ///   - timeout: Per-request timeout.
    ///   - http: The HTTP client.
    public init(
        baseURL: String, apiKey: String? = nil, headers: [String: String] = [:], timeout: Duration = .seconds(120),
        http: HTTPClient = .shared
    ) {
        transport = HTTPTransport(baseURL: baseURL, apiKey: apiKey, headers: headers, timeout: timeout, http: http)
    }

    func httpRequest(_ request: ChatRequest, stream: Bool) throws -> HTTPClientRequest {
        var own: [(String, String)] = []
        if stream { own.append(("accept", "text/event-stream")) }
        if let key = transport.apiKey { own.append(("authorization", "Bearer \(key)")) }
        return try transport.post("/chat/completions", body: OpenAIWire.body(request, stream: stream), headers: own)
    }

    public func send(_ request: ChatRequest) async throws -> ProviderReply {
        let (json, feedback) = try await transport.json(try httpRequest(request, stream: false))
        return ProviderReply(response: try OpenAIWire.response(json, model: request.model), feedback: feedback)
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        try await send(request).response
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        let transport = self.transport
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, any Error>.makeStream()
        let task = Task {
            do {
                try await transport.events(try httpRequest(request, stream: true)) { event in
                    if event.data == "[DONE]" { return true }
                    guard let json = try? JSONValue(parsing: event.data) else {
                        throw ProviderError(kind: .transient, message: "\(transport.host) streamed a malformed chunk")
                    }
                    continuation.yield(OpenAIWire.delta(json))
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
