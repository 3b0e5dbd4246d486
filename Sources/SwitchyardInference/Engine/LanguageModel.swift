import SwitchyardCore

/// A chat/completion model ready to serve: weights (`InferenceModel`), tokenizer and chat format, loaded
/// once and shared by many sessions.
///
/// ```swift
/// let lm = try LanguageModel("smollm2")
/// let session = lm.makeSession()
/// let prompt = try lm.encodeChat([ChatTurn(role: .user, content: "Hi!")])
/// for try await event in lm.generate(session: session, prompt: prompt, options: .init(maxTokens: 64)) { … }
/// ```
public final class LanguageModel: Sendable {
    /// Weights and compute.
    public let model: InferenceModel
    /// Encoding/decoding for generation.
    public let tokenizer: any GenerationTokenizer
    /// The chat format, nil when the model has none (use raw prompts).
    public let promptFormat: PromptFormat?
    /// The GGUF path.
    public let path: String

    /// Loads `nameOrPath` (short name or GGUF path, see `ModelLocator`).
    public init(_ nameOrPath: String, modelsDir: String? = nil, threads: Int? = nil) throws {
        path = try ModelLocator.resolve(nameOrPath, modelsDir: modelsDir)
        model = try InferenceModel(path: path, threads: threads)
        let tok = try makeGenerationTokenizer(model.gguf)
        tokenizer = tok.0
        promptFormat = PromptFormat(template: model.gguf.string("tokenizer.chat_template"), hasToken: tok.1)
    }

    /// A new conversation (see `InferenceSession`).
    public func makeSession(contextLength: Int? = nil) -> InferenceSession {
        InferenceSession(model: model, contextLength: contextLength)
    }

    /// Token ids of raw text; BOS/EOS added as the model's metadata says; special tokens in the text are parsed.
    public func encodeRaw(_ text: String) throws -> [Int32] {
        try tokenizer.encodePrompt(text, addSpecial: true)
    }

    /// Token ids of a conversation rendered with the model's chat format, ending with the assistant prompt.
    /// Throws `chat_template_unsupported` when the model has no known chat format.
    public func encodeChat(_ turns: [ChatTurn], system: String? = nil) throws -> [Int32] {
        guard let promptFormat else {
            throw SwitchyardError(
                code: "chat_template_unsupported",
                message: "model '\(path)' has no chat template the engine knows (ChatML, Gemma, Llama 3); "
                    + "use a raw prompt (--raw).")
        }
        return try tokenizer.encodePrompt(promptFormat.render(turns, system: system), addSpecial: true)
    }

    /// Streams a generation on `session` (one generation per session at a time).
    public func generate(session: InferenceSession, prompt: [Int32], options: GenerationOptions) -> AsyncThrowingStream<GenerationEvent, Error> {
        Generator.stream(session: session, prompt: prompt, tokenizer: tokenizer, options: options)
    }
}
