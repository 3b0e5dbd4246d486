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
    /// Answers a request as a stream, handing each delta to `emit` in the caller's task: returning, throwing or
    /// being cancelled ends the upstream call, and a model that can (the gateway) needs no task of its own.
    /// - Parameters:
    ///   - request: The request.
    ///   - emit: Receives each delta in order; an error it throws ends the stream.
    /// - Throws: The model's errors, or the error that ended the stream.
    func stream(_ request: ChatRequest, into emit: (ChatDelta) async throws -> Void) async throws
}

extension ChatModel {
    /// Iterates ``stream(_:)``.
    /// - Parameters:
    ///   - request: The request.
    ///   - emit: Receives each delta in order; an error it throws ends the stream.
    /// - Throws: The model's errors, or the error `emit` threw.
    public func stream(_ request: ChatRequest, into emit: (ChatDelta) async throws -> Void) async throws {
        for try await delta in stream(request) { try await emit(delta) }
    }
}
