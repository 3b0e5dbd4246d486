/// Anything that answers chat requests: the local engine, an OpenAI-compatible endpoint, Anthropic — or the
/// gateway, which routes to them.
public protocol ChatModel: Sendable {
    /// Answers a request whole.
    func complete(_ request: ChatRequest) async throws -> ChatResponse
    /// Answers a request as a stream of deltas; cancelling the consumer cancels the upstream call.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error>
}
