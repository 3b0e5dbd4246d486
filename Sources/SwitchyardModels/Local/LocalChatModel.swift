import Foundation
import Synchronization
import SwitchyardCore
import SwitchyardInference

/// The built-in engine (a GGUF chat model, `SwitchyardInference`) as a gateway provider of kind `local`: the
/// model is loaded once and shared; requests run on a small pool of sessions so concurrent calls never share a
/// KV cache. Prompts go through the model's chat template; `temperature`, `topP`, `maxTokens`, `stop` and
/// `seed` map to the engine's sampler; usage counts the engine's real tokens; cost is always zero.
///
/// Tools and response schemas need constrained decoding, which the engine does not offer yet: such requests
/// fail with `local_structured_output_unavailable`.
public final class LocalChatModel: ChatModel, ProviderClient {
    public let kind = "local"
    /// The loaded model (weights, tokenizer, chat template).
    public let languageModel: LanguageModel
    let pool: LocalSessionPool
    /// Tokens generated when a request sets no `maxTokens`.
    public let defaultMaxTokens: Int

    /// Serves `languageModel` with `sessions` concurrent sessions of up to `contextLength` positions (default:
    /// the model's trained context; KV memory grows with use, not up front).
    public init(languageModel: LanguageModel, sessions: Int = 2, contextLength: Int? = nil, defaultMaxTokens: Int = 512)
    {
        self.languageModel = languageModel
        self.defaultMaxTokens = defaultMaxTokens
        pool = LocalSessionPool(
            sessions: (0..<max(1, sessions)).map { _ in languageModel.makeSession(contextLength: contextLength) })
    }

    /// Loads `model` (a short name such as `smollm2`, or a `.gguf` path; see `ModelLocator`) once.
    /// Throws `model_not_found` when the file is missing and the engine's errors when it does not parse.
    public convenience init(
        model: String, modelsDirectory: String? = nil, sessions: Int = 2, contextLength: Int? = nil,
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
        var text = ""
        var finish = FinishReason.stop
        var usage: Usage?
        for try await delta in stream(request) {
            text += delta.text
            if let reason = delta.finishReason { finish = reason }
            if let used = delta.usage { usage = used }
        }
        // A stream consumed by a cancelled task just ends; only the last delta (with usage) means done.
        try Task.checkCancellation()
        guard let usage else {
            throw SwitchyardError(
                code: "local_generation_incomplete",
                message: "the local engine stopped without finishing the answer; retry the request")
        }
        return ChatResponse(
            model: request.model, message: .assistant(text), finishReason: finish, usage: usage, cost: 0)
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, any Error>.makeStream()
        let prompt: [Int32]
        let options: GenerationOptions
        do {
            try Self.checkSupported(request)
            prompt = try languageModel.encodeChat(Self.engineMessages(request.messages))
            options = Self.generationOptions(request, defaultMaxTokens: defaultMaxTokens)
        } catch {
            continuation.finish(throwing: error)
            return stream
        }
        let flag = CancelSignal()
        let pool = self.pool
        let tokenizer = languageModel.tokenizer
        let task = Task {
            let lease: LocalSessionPool.Lease
            do {
                lease = try await pool.acquire(prompt: prompt)
            } catch {
                continuation.finish(throwing: error)
                return
            }
            let thread = Thread {
                defer { pool.release(lease) }
                do {
                    let result = try Generator.run(
                        session: lease.session, prompt: prompt, tokenizer: tokenizer, options: options,
                        isCancelled: { flag.isSet },
                        emit: { event in
                            if case .token(_, let text) = event, !text.isEmpty {
                                continuation.yield(ChatDelta(text: text))
                            }
                        })
                    if result.finishReason == .cancelled {
                        continuation.finish(throwing: CancellationError())
                        return
                    }
                    continuation.yield(
                        ChatDelta(
                            finishReason: result.finishReason == .length ? .length : .stop,
                            usage: Usage(promptTokens: result.promptTokens, completionTokens: result.completionTokens)))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
        continuation.onTermination = { _ in
            flag.set()
            task.cancel()
        }
        return stream
    }

    /// Throws `local_structured_output_unavailable` for tools and response schemas.
    static func checkSupported(_ request: ChatRequest) throws {
        guard request.tools.isEmpty && request.responseSchema == nil else {
            let what = request.tools.isEmpty ? "a response schema" : "tools"
            throw SwitchyardError(
                code: "local_structured_output_unavailable",
                message: "the local engine cannot answer requests with \(what) yet (constrained decoding is not "
                    + "wired in); route this request to a remote model with the tools/json_schema capability, or "
                    + "drop \(what).")
        }
    }

    /// Gateway messages as the chat template's turns: tool results become user turns, assistant tool calls are
    /// written out as JSON.
    static func engineMessages(_ messages: [ChatMessage]) -> [SwitchyardInference.ChatMessage] {
        messages.map { m in
            switch m.role {
            case .tool:
                return .user("Tool result\(m.toolCallID.map { " (\($0))" } ?? ""): \(m.content)")
            case .assistant where !m.toolCalls.isEmpty:
                let calls = m.toolCalls.map { #"{"name":"\#($0.name)","arguments":\#($0.arguments.jsonText)}"# }
                return .assistant(([m.content] + calls).filter { !$0.isEmpty }.joined(separator: "\n"))
            default:
                return SwitchyardInference.ChatMessage(role: .init(rawValue: m.role.rawValue), content: m.content)
            }
        }
    }

    /// Sampling as OpenAI defines it: temperature (default 1, 0 = greedy), top_p (default 1 = off), seed; the
    /// engine's top-k 40 and min-p 0.05 stay on, since the small models need them at temperature 1.
    static func generationOptions(_ request: ChatRequest, defaultMaxTokens: Int) -> GenerationOptions {
        var sampling = SamplingOptions(
            temperature: Float(request.temperature ?? 1), topP: Float(request.topP ?? 1),
            seed: request.seed.map { UInt64(bitPattern: Int64($0)) })
        if (request.temperature ?? 1) <= 0 { sampling.temperature = 0 }
        return GenerationOptions(
            maxTokens: max(1, request.maxTokens ?? defaultMaxTokens), sampling: sampling, stop: request.stop)
    }
}

/// A flag the consumer sets when it stops listening; the generation thread polls it between tokens.
final class CancelSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}
