import Foundation
import SwitchyardCore
import SwitchyardInference
import SwitchyardModelAPI

/// The built-in engine (a GGUF chat model, `SwitchyardInference`) as a gateway provider of kind `local`: the
/// model is loaded once and shared; concurrent requests run in one `BatchEngine` (continuous batching: one forward
/// pass per token for all of them, each with its own KV cache, prompt prefixes reused within a tenant, waiting by
/// tier when the batch is full). Prompts go through the model's chat template; `temperature`, `topP`, `maxTokens`, `stop` and
/// `seed` map to the engine's sampler; usage counts the engine's real tokens; cost is always zero.
///
/// Tools (with OpenAI's `tool_choice`) and response schemas go through the engine's constrained decoding
/// (``LocalStructuredOutput``): a tool call's arguments and a structured answer always parse and validate. A
/// schema the decoder cannot enforce fails with `unsupported_schema_keyword` before any generation, and the
/// gateway falls back to the next model on the route.
public final class LocalChatModel: ChatModel, ProviderClient {
    public let kind = "local"
    /// The loaded model (weights, tokenizer, chat template).
    public let languageModel: LanguageModel
    /// The batch engine every request runs on.
    public let engine: BatchEngine
    let constraints = ConstraintCache()
    /// Tokens generated when a request sets no `maxTokens`.
    public let defaultMaxTokens: Int

    /// The default batch size (`sessions`): 8 concurrent generations. Measured with `bench/serving`
    /// (`--max-sequences`, SmolLM2, 8 streams of 128 prompt + 64 new tokens, 2 threads): 2 gave 27 tokens/s in all
    /// and a TTFT p99 of 15.6 s, 4 gave 50 tokens/s and 7.5 s, 8 gave 102 tokens/s and 2.8 s; a step of 8 decode
    /// tokens costs little more than one (weights streamed once), and `maxKVBytes` (1 GiB) still bounds the
    /// memory of the running batch.
    public static let defaultSessions = 8

    /// Serves `languageModel` with up to `sessions` generations at once (the batch size; more requests wait), each
    /// of up to `contextLength` positions (default: the model's trained context; KV memory grows with use, not up
    /// front).
    ///
    /// - Parameters:
    ///   - languageModel: The loaded model.
    ///   - sessions: The batch size: generations run at once (at least 1).
    ///   - contextLength: Positions per generation (nil: the model's trained context).
    ///   - defaultMaxTokens: Tokens generated when a request sets no `maxTokens`.
    public init(
        languageModel: LanguageModel, sessions: Int = LocalChatModel.defaultSessions, contextLength: Int? = nil,
        defaultMaxTokens: Int = 512
    ) {
        self.languageModel = languageModel
        self.defaultMaxTokens = defaultMaxTokens
        engine = BatchEngine(
            languageModel, options: BatchEngineOptions(maxSequences: max(1, sessions), contextLength: contextLength))
    }

    /// Loads `model` (a short name such as `smollm2`, or a `.gguf` path; see `ModelLocator`) once.
    ///
    /// - Parameters:
    ///   - model: A short engine name or the path of a `.gguf` file.
    ///   - modelsDirectory: Where short names resolve (nil: `$SWITCHYARD_MODELS_DIR`, else `models/`).
    ///   - sessions: The batch size: generations run at once (at least 1).
    ///   - contextLength: Positions per generation (nil: the model's trained context).
    ///   - threads: Compute threads (nil: all cores).
    /// - Throws: `model_not_found` when the file is missing, and the engine's errors when it does not parse.
    public convenience init(
        model: String, modelsDirectory: String? = nil, sessions: Int = LocalChatModel.defaultSessions,
        contextLength: Int? = nil,
        threads: Int? = nil
    ) throws {
        self.init(
            languageModel: try LanguageModel(model, modelsDir: modelsDirectory, threads: threads), sessions: sessions,
            contextLength: contextLength)
    }

    public func send(_ request: ChatRequest) async throws -> ProviderReply {
        ProviderReply(response: try await complete(request))
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        var assembler = ChatResponseAssembler()
        for try await delta in stream(request) { assembler.add(delta) }
        // A stream consumed by a cancelled task just ends; only the last delta (with usage) means done.
        try Task.checkCancellation()
        guard assembler.usage != nil else {
            throw SwitchyardError(
                code: .localGenerationIncomplete,
                message: "the local engine stopped without finishing the answer; retry the request")
        }
        var response = assembler.response(model: request.model, estimatedPromptTokens: 0)
        response.cost = 0
        return response
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, any Error>.makeStream()
        let prompt: [Int32]
        let options: GenerationOptions
        let structured: LocalStructuredOutput
        do {
            structured = try LocalStructuredOutput.plan(for: request, cache: constraints)
            prompt = try languageModel.encodeChat(Self.engineMessages(LocalStructuredOutput.messages(request)))
            var configured = Self.generationOptions(request, defaultMaxTokens: defaultMaxTokens)
            configured.constraint = structured.constraint
            options = configured
        } catch {
            continuation.finish(throwing: error)
            return stream
        }
        // Whose call it is (bound by the gateway): prefixes are reused within a tenant only. Outside a gateway call
        // every request counts as the default tenant's.
        let call = CallContext.current
        let events = engine.generate(
            prompt: prompt, options: options, tenant: call?.tenant ?? .default, tier: call?.tier ?? 0)
        let task = Task {
            do {
                var result: GenerationResult?
                for try await event in events {
                    switch event {
                    case .token(_, let text):
                        if !structured.expectsToolCall && !text.isEmpty { continuation.yield(ChatDelta(text: text)) }
                    case .finished(let r):
                        result = r
                    }
                }
                guard let result, result.finishReason != .cancelled else {
                    continuation.finish(throwing: CancellationError())
                    return
                }
                let finish: SwitchyardModelAPI.FinishReason = result.finishReason == .length ? .length : .stop
                let usage = Usage(promptTokens: result.promptTokens, completionTokens: result.completionTokens)
                if structured.expectsToolCall {
                    for delta in LocalStructuredOutput.finalDeltas(text: result.text, finish: finish, usage: usage) {
                        continuation.yield(delta)
                    }
                } else {
                    continuation.yield(ChatDelta(finishReason: finish, usage: usage))
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        // Leaving the stream cancels the task, whose end of the engine's stream frees the batch slot.
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Gateway messages as the chat template's turns: tool results become user turns, assistant tool calls are
    /// written out as `<tool_call>` JSON, the form the tool prompt asks for.
    static func engineMessages(_ messages: [ChatMessage]) -> [ChatMessage] {
        messages.map { m in
            switch m.role {
            case .tool:
                return .user("Tool result\(m.toolCallID.map { " (\($0))" } ?? ""): \(m.content)")
            case .assistant where !m.toolCalls.isEmpty:
                let calls = m.toolCalls.map {
                    ToolCallConstraint.defaultMarker
                        + (["name": .string($0.name), "arguments": $0.arguments] as JSONValue).jsonText
                }
                return .assistant(([m.content] + calls).filter { !$0.isEmpty }.joined(separator: "\n"))
            default:
                return ChatMessage(role: m.role, content: m.content)
            }
        }
    }

    /// Sampling as OpenAI defines it: temperature (default 1, 0 = greedy), top_p (default 1 = off), seed; the
    /// engine's top-k 40 and min-p 0.05 stay on, since the small models need them at temperature 1. `ignore_eos`
    /// (``ChatRequest/ignoreEndOfGeneration``) keeps generating past the end-of-generation token.
    static func generationOptions(_ request: ChatRequest, defaultMaxTokens: Int) -> GenerationOptions {
        var sampling = SamplingOptions(
            temperature: Float(request.temperature ?? 1), topP: Float(request.topP ?? 1),
            seed: request.seed.map { UInt64(bitPattern: Int64($0)) })
        if (request.temperature ?? 1) <= 0 { sampling.temperature = 0 }
        var options = GenerationOptions(
            maxTokens: max(1, request.maxTokens ?? defaultMaxTokens), sampling: sampling, stop: request.stop)
        options.ignoreEndOfGeneration = request.ignoreEndOfGeneration ?? false
        return options
    }
}
