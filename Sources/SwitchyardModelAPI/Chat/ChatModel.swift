/// Anything that answers chat requests: the local engine, an OpenAI-compatible endpoint, Anthropic — or the
/// gateway, which routes to them.
public protocol ChatModel: Sendable {
    /// Answers a request whole.
    ///
    /// - Parameter request: The request.
    /// - Throws: `SwitchyardError` with the provider's failure (unknown model, upstream error, timeout, …).
    func complete(_ request: ChatRequest) async throws -> ChatResponse
    /// Answers a request as a stream of deltas; cancelling the consumer cancels the upstream call.
    ///
    /// - Parameter request: The request.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error>
}
