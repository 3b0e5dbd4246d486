import SwitchyardCore

/// A chat completion request as the gateway receives it: what to ask, and how the call is accounted.
public struct ChatRequest: Codable, Sendable, Hashable {
    /// A model name or alias from the configuration, or empty to let the router pick by ``task``.
    public var model: String
    public var messages: [ChatMessage]
    public var tools: [ToolDefinition]
    public var toolChoice: ToolChoice?
    /// A JSON Schema the answer must satisfy (structured output).
    public var responseSchema: JSONValue?
    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var stop: [String]
    public var seed: Int?
    /// The declared task complexity the router maps to models (`classify`, `extract`, `draft`, `reason`, …).
    public var task: String?
    /// Whether the semantic cache may answer; `nil` means: only when temperature is 0.
    public var cacheable: Bool?
    /// Generate `maxTokens` tokens even past the model's end-of-generation token (for benchmarks: every request
    /// produces the same number of tokens). The wire name is llama-server's and vLLM's `ignore_eos`; the built-in
    /// engine honours it, remote providers never see it. `nil` means false.
    public var ignoreEndOfGeneration: Bool?

    /// A request.
    ///
    /// - Parameters:
    ///   - model: A model name or alias, or empty to let the router pick by `task`.
    ///   - messages: The conversation.
    ///   - tools: Tools the model may call.
    ///   - toolChoice: Whether and which tool it must call.
    ///   - responseSchema: A JSON Schema the answer must satisfy.
    ///   - temperature: Sampling temperature; 0 is greedy.
    ///   - topP: Nucleus sampling mass.
    ///   - maxTokens: The most tokens to generate.
    ///   - stop: Texts that end the answer.
    ///   - seed: A seed for reproducible sampling, where the provider supports it.
    ///   - task: The declared task complexity the router maps to models.
    ///   - cacheable: Whether the semantic cache may answer; `nil`: only when temperature is 0.
    public init(
        model: String = "", messages: [ChatMessage], tools: [ToolDefinition] = [], toolChoice: ToolChoice? = nil,
        responseSchema: JSONValue? = nil, temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil,
        stop: [String] = [], seed: Int? = nil, task: String? = nil, cacheable: Bool? = nil
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.responseSchema = responseSchema
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.task = task
        self.cacheable = cacheable
    }
}

/// Who a call is for, so limits, budgets, caches and costs are kept per tenant and run.
public struct CallContext: Sendable, Hashable {
    public var tenant: TenantID
    /// The tenant's tier: higher tiers are served first while calls wait for capacity.
    public var tier: Int
    public var run: String?
    /// The most this call may cost, in USD; the router skips models that could exceed it.
    public var costCeiling: Double?
    /// Ids of the documents the prompt was grounded on (retrieved passages): a cached answer is dropped by
    /// ``Gateway/invalidate(tenant:documents:)`` when any of them changes.
    public var groundedOn: [String]

    /// A call's context.
    ///
    /// - Parameters:
    ///   - tenant: Whose call it is.
    ///   - tier: The tenant's tier (higher is served first).
    ///   - run: The run the call belongs to, if any.
    ///   - costCeiling: The most the call may cost, in USD.
    ///   - groundedOn: Ids of the documents the prompt was grounded on.
    public init(
        tenant: TenantID, tier: Int = 0, run: String? = nil, costCeiling: Double? = nil, groundedOn: [String] = []
    ) {
        self.tenant = tenant
        self.tier = tier
        self.run = run
        self.costCeiling = costCeiling
        self.groundedOn = groundedOn
    }
}
