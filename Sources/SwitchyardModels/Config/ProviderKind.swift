/// What serves a provider's models: the built-in engine, an OpenAI-compatible server, or Anthropic's API.
///
/// A struct with static members rather than an enum, so a new kind breaks no one's `switch`.
public struct ProviderKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The name the configuration file uses.
    public let rawValue: String

    /// The kind spelled `rawValue`; nil for anything but `local`, `openai` and `anthropic`.
    public init?(rawValue: String) {
        guard let kind = Self.accepted(rawValue) else { return nil }
        self = kind
    }

    private init(known: String) { rawValue = known }

    /// The built-in engine (GGUF chat models, MiniLM embeddings): prompts stay unredacted and cost nothing.
    public static let local = ProviderKind(known: "local")
    /// Any server speaking OpenAI's chat-completions API (OpenAI, vLLM, llama.cpp's server, Ollama, …).
    public static let openai = ProviderKind(known: "openai")
    /// Anthropic's messages API.
    public static let anthropic = ProviderKind(known: "anthropic")

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self = try Self.decode(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension ProviderKind: ConfigValue {
    static let accepted: [ProviderKind] = [.local, .openai, .anthropic]
}
