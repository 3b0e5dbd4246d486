import SwitchyardCore
import SwitchyardModelAPI

/// Renders a conversation into the prompt text a chat model was trained on.
///
/// The format is recognised from the model's Jinja template (`tokenizer.chat_template`) rather than by
/// running Jinja: ChatML (`<|im_start|>role\ncontent<|im_end|>\n`, SmolLM2 and Qwen) with the template's
/// default system line when the conversation has none, and Gemma's turns
/// (`<start_of_turn>user\n…<end_of_turn>\n`, assistant as `model`, the system text prefixed to the first
/// user turn). A model without a template (Gemma 3 270M base) has no chat format: `init(tokenizer:)` throws
/// `chat_template_missing`; use raw prompts for it.
///
/// The rendered text contains control tokens as text: encode it with `parseSpecial: true`.
public struct ChatTemplate: Sendable, Hashable {
    /// A recognised template family; a struct with static members so more can be added.
    public struct Format: Sendable, Hashable, CustomStringConvertible {
        /// A short name for logs and errors.
        public let name: String
        /// `<|im_start|>role\ncontent<|im_end|>\n`, generation prompt `<|im_start|>assistant\n`.
        public static let chatML = Format(name: "chatml")
        /// `<start_of_turn>role\ncontent<end_of_turn>\n` with `model` for the assistant, after `<bos>`.
        public static let gemma = Format(name: "gemma")
        public var description: String { name }
    }

    /// The family.
    public let format: Format
    /// The system text used when the conversation starts without a system message (ChatML only).
    public let defaultSystem: String?
    /// Text the template puts first (Gemma's `<bos>`; empty for ChatML).
    public let prefix: String

    /// A template of a known family.
    ///
    /// - Parameters:
    ///   - format: The family.
    ///   - defaultSystem: The system text used when a conversation has none (ChatML only).
    ///   - prefix: Text the template puts first.
    public init(format: Format, defaultSystem: String? = nil, prefix: String = "") {
        self.format = format
        self.defaultSystem = defaultSystem
        self.prefix = prefix
    }

    /// The template for a model, from its `tokenizer.chat_template`.
    ///
    /// Throws `chat_template_missing` when the model has none (a base model: prompt it raw) and
    /// `chat_template_unsupported` when the template is not a recognised family.
    ///
    /// - Parameter tokenizer: The model's tokenizer (it holds the template).
    /// - Throws: `SwitchyardError`: `chat_template_missing`, `chat_template_unsupported`.
    public init(tokenizer: Tokenizer) throws {
        guard let source = tokenizer.chatTemplateSource, !source.isEmpty else {
            throw SwitchyardError(
                code: .chatTemplateMissing,
                message: "this model has no chat template (GGUF tokenizer.chat_template is absent): it is a base "
                    + "model, not a chat model. Prompt it with raw text instead (switchyard generate --raw).")
        }
        try self.init(source: source)
    }

    /// The template for a Jinja chat-template source; see `init(tokenizer:)`.
    ///
    /// - Parameter source: The Jinja template source.
    /// - Throws: `SwitchyardError` with code `chat_template_unsupported`.
    public init(source: String) throws {
        if source.contains("<|im_start|>") {
            self.init(format: .chatML, defaultSystem: Self.chatMLDefaultSystem(in: source))
        } else if source.contains("<start_of_turn>") {
            self.init(format: .gemma, prefix: source.contains("bos_token") ? "<bos>" : "")
        } else {
            throw SwitchyardError(
                code: .chatTemplateUnsupported,
                message: "the model's chat template is not a recognised format (ChatML or Gemma turns); "
                    + "prompt it with raw text (--raw) or add the format to ChatTemplate.")
        }
    }

    /// Renders `messages`; with `addGenerationPrompt` the text ends where the assistant's reply begins.
    ///
    /// - Parameters:
    ///   - messages: The conversation.
    ///   - addGenerationPrompt: Whether to end with the assistant's turn opened.
    public func render(messages: [ChatMessage], addGenerationPrompt: Bool = true) -> String {
        var out = prefix
        switch format {
        case .gemma:
            var pendingSystem: String?
            for m in messages {
                if m.role == .system {
                    pendingSystem = (pendingSystem.map { $0 + "\n\n" } ?? "") + m.content
                    continue
                }
                let role = m.role == .assistant ? "model" : m.role.rawValue
                var content = m.content
                if let s = pendingSystem, m.role == .user {
                    content = s + "\n\n" + content
                    pendingSystem = nil
                }
                out += "<start_of_turn>\(role)\n\(content)<end_of_turn>\n"
            }
            if addGenerationPrompt { out += "<start_of_turn>model\n" }
        default:
            // SmolLM2's template: the default system turn comes first when the first message is not a system one.
            if let first = messages.first, first.role != .system, let system = defaultSystem {
                out += "<|im_start|>system\n\(system)<|im_end|>\n"
            }
            for m in messages { out += "<|im_start|>\(m.role.rawValue)\n\(m.content)<|im_end|>\n" }
            if addGenerationPrompt { out += "<|im_start|>assistant\n" }
        }
        return out
    }

    /// The literal default system text of a ChatML template: the text between `<|im_start|>system` + newline
    /// and `<|im_end|>` inside one string literal, or nil when the template has none.
    static func chatMLDefaultSystem(in source: String) -> String? {
        let marker = "<|im_start|>system"
        var rest = Substring(source)
        while let r = rest.firstRange(of: marker) {
            var after = rest[r.upperBound...]
            if after.hasPrefix("\n") {
                after = after.dropFirst()
            } else if after.hasPrefix("\\n") {
                after = after.dropFirst(2)
            } else {
                rest = after
                continue
            }
            if let end = after.firstRange(of: "<|im_end|>") {
                let text = after[..<end.lowerBound]
                if !text.isEmpty && !text.contains(where: { "'\"{}+".contains($0) }) {
                    return String(text.replacing("\\n", with: "\n"))
                }
            }
            rest = after
        }
        return nil
    }
}
