import SwitchyardCore
import SwitchyardModelAPI

/// A chat/completion model ready to serve: weights (`InferenceModel`), tokenizer and chat format, loaded
/// once and shared by many sessions.
///
/// ```swift
/// let lm = try LanguageModel("smollm2")
/// let session = lm.makeSession()
/// let prompt = try lm.encodeChat([.user("Hi!")])
/// for try await event in lm.generate(session: session, prompt: prompt, options: .init(maxTokens: 64)) { … }
/// ```
public final class LanguageModel: Sendable {
    /// Weights and compute.
    public let model: InferenceModel
    /// Encoding/decoding.
    public let tokenizer: Tokenizer
    /// The chat format, or why there is none (a base model: use raw prompts).
    public let chatTemplate: Result<ChatTemplate, SwitchyardError>
    /// The GGUF path.
    public let path: String

    /// Loads `nameOrPath` (short name or GGUF path, see `ModelLocator`).
    ///
    /// - Parameters:
    ///   - nameOrPath: A short name (`smollm2`, `gemma3`) or the path of a GGUF file.
    ///   - modelsDir: Where short names are looked up (nil: env `SWITCHYARD_MODELS_DIR`, else `models`).
    ///   - threads: Compute threads (nil: every active core).
    /// - Throws: `SwitchyardError`: `model_not_found` with what to do, or a loading error.
    public init(_ nameOrPath: String, modelsDir: String? = nil, threads: Int? = nil) throws {
        path = try ModelLocator.resolve(nameOrPath, modelsDir: modelsDir)
        model = try InferenceModel(path: path, threads: threads)
        tokenizer = try Tokenizer(gguf: model.gguf)
        do {
            chatTemplate = .success(try ChatTemplate(tokenizer: tokenizer))
        } catch let e as SwitchyardError {
            chatTemplate = .failure(e)
        }
    }

    /// A new conversation (see `InferenceSession`).
    ///
    /// - Parameter contextLength: Positions the session holds (nil: the model's trained context).
    public func makeSession(contextLength: Int? = nil) -> InferenceSession {
        InferenceSession(model: model, contextLength: contextLength)
    }

    /// Token ids of raw text; BOS/EOS added as the model's metadata says; special tokens in the text are parsed.
    ///
    /// - Parameter text: The text.
    /// - Throws: `SwitchyardError` when the tokenizer cannot encode it.
    public func encodeRaw(_ text: String) throws -> [Int32] {
        try tokenizer.encodePrompt(text, addSpecial: true)
    }

    /// Token ids of a conversation rendered with the model's chat template, ending with the assistant prompt
    /// (`system`, when given, is prepended as a system message). Throws `chat_template_missing` for a base
    /// model without a template.
    ///
    /// - Parameters:
    ///   - messages: The conversation.
    ///   - system: A system message to put first, if any.
    /// - Throws: `SwitchyardError`: `chat_template_missing`, `chat_template_unsupported`.
    public func encodeChat(_ messages: [ChatMessage], system: String? = nil) throws -> [Int32] {
        let template = try chatTemplate.get()
        let all = (system.map { [ChatMessage.system($0)] } ?? []) + messages
        // A template that writes BOS itself (Gemma's `{{ bos_token }}`) must not get a second one.
        return try tokenizer.encodePrompt(template.render(messages: all), addSpecial: template.prefix.isEmpty)
    }

    /// Streams a generation on `session` (one generation per session at a time).
    ///
    /// - Parameters:
    ///   - session: The conversation's session (its cache is reused).
    ///   - prompt: Token ids to generate from.
    ///   - options: Maximum tokens, sampling, stop strings, constraint.
    public func generate(
        session: InferenceSession, prompt: [Int32], options: GenerationOptions
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        Generator.stream(session: session, prompt: prompt, tokenizer: tokenizer, options: options)
    }
}
