import SwitchyardCore

/// The checks a prompt passes before any generation starts, one wording for the single-sequence loop
/// (`DecodeLoop`) and the batching engine (`BatchEngine`).
enum PromptCheck {
    /// Why `prompt` cannot be generated from within `contextLimit` positions (`empty_prompt`,
    /// `context_length_exceeded`: the prompt must leave room for at least one generated token), or nil.
    static func error(_ prompt: [Int32], contextLimit: Int) -> SwitchyardError? {
        guard !prompt.isEmpty else {
            return SwitchyardError(code: .emptyPrompt, message: "the prompt is empty; give some text to continue.")
        }
        guard prompt.count < contextLimit else {
            return SwitchyardError(
                code: .contextLengthExceeded,
                message: "the prompt has \(prompt.count) tokens but the model's context limit is \(contextLimit) "
                    + "tokens (including at least one generated token); shorten the prompt.")
        }
        return nil
    }
}
