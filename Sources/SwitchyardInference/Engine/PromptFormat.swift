import SwitchyardCore

/// Renders a conversation into prompt text for the model's chat format. The formats are recognised from the
/// GGUF's `tokenizer.chat_template` (or, for Gemma base models without one, from the vocabulary), and
/// rendered in code rather than by a template interpreter:
/// - ChatML (`<|im_start|>role\n…<|im_end|>\n`; SmolLM2, Qwen), with the template's default system line
///   when no system message is given;
/// - Gemma (`<start_of_turn>user\n…<end_of_turn>\n`, role `model`, the system text prefixed to the first
///   user turn);
/// - Llama 3 (`<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>`).
/// BOS is not written: encoding adds it when the model's metadata says so.
public struct PromptFormat: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case chatML, gemma, llama3 }

    public let kind: Kind
    /// System line used when the conversation has none (ChatML templates such as SmolLM2's carry one).
    public let defaultSystem: String?

    /// The format for a model's chat template source and vocabulary lookup, or nil when unknown.
    public init?(template: String?, hasToken: (String) -> Bool) {
        if let t = template, t.contains("<|im_start|>") {
            kind = .chatML
            defaultSystem = Self.defaultSystemLine(in: t)
        } else if let t = template, t.contains("<|start_header_id|>") {
            kind = .llama3
            defaultSystem = nil
        } else if (template?.contains("<start_of_turn>") ?? false) || (template == nil && hasToken("<start_of_turn>")) {
            kind = .gemma
            defaultSystem = nil
        } else {
            return nil
        }
    }

    /// The prompt text for `turns` (plus `system` if given), ending with the assistant's generation prompt.
    public func render(_ turns: [ChatTurn], system: String? = nil) -> String {
        var msgs = turns
        if let system { msgs.insert(ChatTurn(role: .system, content: system), at: 0) }
        switch kind {
        case .chatML:
            var s = ""
            if msgs.first?.role != .system, let d = defaultSystem {
                s += "<|im_start|>system\n\(d)<|im_end|>\n"
            }
            for m in msgs { s += "<|im_start|>\(m.role.rawValue)\n\(m.content)<|im_end|>\n" }
            return s + "<|im_start|>assistant\n"
        case .llama3:
            var s = ""
            for m in msgs { s += "<|start_header_id|>\(m.role.rawValue)<|end_header_id|>\n\n\(m.content.trimmed)<|eot_id|>" }
            return s + "<|start_header_id|>assistant<|end_header_id|>\n\n"
        case .gemma:
            var s = ""
            var prefix = ""
            for m in msgs {
                if m.role == .system {
                    prefix = m.content.trimmed + "\n\n"
                    continue
                }
                let role = m.role == .assistant ? "model" : m.role.rawValue
                s += "<start_of_turn>\(role)\n\(prefix)\(m.content.trimmed)<end_of_turn>\n"
                prefix = ""
            }
            return s + "<start_of_turn>model\n"
        }
    }

    /// SmolLM2-style templates write a default system turn literally: `'<|im_start|>system\n…<|im_end|>`.
    static func defaultSystemLine(in template: String) -> String? {
        guard let r = template.range(of: "<|im_start|>system\n") else { return nil }
        let rest = template[r.upperBound...]
        guard let end = rest.range(of: "<|im_end|>") else { return nil }
        let line = String(rest[..<end.lowerBound])
        return line.contains("{") || line.contains("'") ? nil : line
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
