import SwitchyardCore
import SwitchyardModelAPI

/// One deployment's client as the gateway drives it: a reply carries the rate-limit headers it came with.
public protocol ProviderClient: Sendable {
    /// `local`, `openai` or `anthropic`: local models get unredacted prompts and cost nothing.
    var kind: String { get }
    /// Answers whole; errors are ``ProviderError``s so the gateway can wait, retry or fall back.
    /// - Parameter request: The request, already routed, redacted and with the upstream model id.
    /// - Throws: ``ProviderError`` (rate limited, transient, rejected); a `SwitchyardError` for a request the
    ///   deployment cannot take (`local_structured_output_unavailable`, …); `CancellationError`.
    func send(_ request: ChatRequest) async throws -> ProviderReply
    /// Answers as deltas, the last with the finish reason and (when the provider reports it) usage. An error
    /// before the first delta lets the gateway fall back; cancelling the consumer must close the upstream call.
    /// The default replays ``send(_:)`` as one delta.
    /// - Parameter request: The request, already routed, redacted and with the upstream model id.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error>
}

extension ProviderClient {
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, any Error>.makeStream()
        let task = Task {
            do {
                let reply = try await send(request)
                for delta in ChatDelta.replay(reply.response) { continuation.yield(delta) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

/// A provider's answer and what its headers said about limits.
public struct ProviderReply: Sendable {
    public var response: ChatResponse
    public var feedback: RateLimitFeedback

    /// A reply.
    /// - Parameters:
    ///   - response: The provider's answer.
    ///   - feedback: What the response headers said about limits.
    public init(response: ChatResponse, feedback: RateLimitFeedback = RateLimitFeedback()) {
        self.response = response
        self.feedback = feedback
    }
}

/// A failed provider call, classified so the gateway knows whether to wait, retry, fall back or give up.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// 429: wait (Retry-After) and retry the same deployment.
        public static let rateLimited = Kind(rawValue: "rate_limited")
        /// 5xx, connection failures, timeouts: retry with backoff, then fall back.
        public static let transient = Kind(rawValue: "transient")
        /// Other 4xx: the request is wrong; no retry, no fallback.
        public static let rejected = Kind(rawValue: "rejected")
    }

    public var kind: Kind
    public var status: Int?
    /// What the provider said, with any key removed.
    public var message: String
    public var feedback: RateLimitFeedback

    /// A classified failure.
    /// - Parameters:
    ///   - kind: Whether to wait, retry or give up.
    ///   - status: The HTTP status, if any.
    ///   - message: What the provider said, with any key removed.
    ///   - feedback: What the response headers said about limits.
    public init(kind: Kind, status: Int? = nil, message: String, feedback: RateLimitFeedback = RateLimitFeedback()) {
        self.kind = kind
        self.status = status
        self.message = message
        self.feedback = feedback
    }

    /// Classifies an HTTP status.
    /// - Parameters:
    ///   - status: The HTTP status: 429 is rate limited; 408, 409 and 5xx transient; others rejected.
    ///   - message: What the provider said, with any key removed.
    ///   - feedback: What the response headers said about limits.
    public static func http(_ status: Int, message: String, feedback: RateLimitFeedback) -> ProviderError {
        let kind: Kind =
            switch status {
            case 429: .rateLimited
            case 408, 409, 500...599: .transient
            default: .rejected
            }
        return ProviderError(kind: kind, status: status, message: message, feedback: feedback)
    }

    public var description: String { "\(status.map { "HTTP \($0): " } ?? "")\(message)" }
}
