/// Tokens a call used.
public struct Usage: Codable, Sendable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    /// Prompt tokens the provider served from its own prompt cache.
    public var cachedTokens: Int

    public init(promptTokens: Int, completionTokens: Int, cachedTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedTokens = cachedTokens
    }

    public var totalTokens: Int { promptTokens + completionTokens }
}

/// Why generation stopped.
public struct FinishReason: RawRepresentable, Codable, Sendable, Hashable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let stop = FinishReason(rawValue: "stop")
    public static let length = FinishReason(rawValue: "length")
    public static let toolCalls = FinishReason(rawValue: "tool_calls")
    public static let contentFilter = FinishReason(rawValue: "content_filter")
}

/// A finished chat completion.
public struct ChatResponse: Codable, Sendable, Hashable {
    /// The deployment that answered.
    public var model: String
    public var message: ChatMessage
    public var finishReason: FinishReason
    public var usage: Usage
    /// `hit` (exact cache), `semantic_hit` (semantic cache) or `miss`, set by the gateway.
    public var cache: String
    /// What the call cost, in USD (0 for local models and cache hits).
    public var cost: Double

    public init(
        model: String, message: ChatMessage, finishReason: FinishReason, usage: Usage, cache: String = "miss",
        cost: Double = 0
    ) {
        self.model = model
        self.message = message
        self.finishReason = finishReason
        self.usage = usage
        self.cache = cache
        self.cost = cost
    }
}

/// A piece of a streamed answer.
public struct ChatDelta: Sendable, Hashable {
    /// Text added.
    public var text: String
    /// Tool-call fragments: index of the call, its id and name when first seen, and an arguments fragment.
    public var toolCalls: [ToolCallFragment]
    /// Set on the last delta.
    public var finishReason: FinishReason?
    /// Set on the last delta when the provider reports it.
    public var usage: Usage?
    /// Set by the gateway on the last delta: `hit`, `semantic_hit` or `miss` (see ``ChatResponse/cache``).
    public var cache: String?
    /// Set by the gateway on the last delta: the deployment that answered (see ``ChatResponse/model``).
    public var model: String?
    /// Set by the gateway on the last delta: what the call cost in USD (see ``ChatResponse/cost``).
    public var cost: Double?

    /// - Parameters:
    ///   - text: text added.
    ///   - toolCalls: tool-call fragments.
    ///   - finishReason: why the answer ended (last delta).
    ///   - usage: tokens used (last delta).
    ///   - cache: the gateway's cache status (last delta).
    ///   - model: the deployment that answered (last delta, from the gateway).
    ///   - cost: the call's cost in USD (last delta, from the gateway).
    public init(
        text: String = "", toolCalls: [ToolCallFragment] = [], finishReason: FinishReason? = nil, usage: Usage? = nil,
        cache: String? = nil, model: String? = nil, cost: Double? = nil
    ) {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.cache = cache
        self.model = model
        self.cost = cost
    }

    /// Part of a streamed tool call.
    public struct ToolCallFragment: Sendable, Hashable {
        public var index: Int
        public var id: String?
        public var name: String?
        public var arguments: String

        public init(index: Int, id: String? = nil, name: String? = nil, arguments: String) {
            self.index = index
            self.id = id
            self.name = name
            self.arguments = arguments
        }
    }
}
