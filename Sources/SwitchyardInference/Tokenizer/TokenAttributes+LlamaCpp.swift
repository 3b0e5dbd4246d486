extension TokenAttributes {
    /// Token texts llama.cpp treats as end-of-turn / end-of-generation / fill-in-the-middle markers. It forces
    /// them to control type whatever the GGUF says (so they are never matched in text without
    /// `parseSpecial`) and stops generation on the end-of-generation ones. Source: llama.cpp
    /// `llama-vocab.cpp` `load` (EOT, EOM, FIM_* and EOG detection by text).
    static let llamaCppControlTexts: [String] =
        [
            "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>",
            "_<EOT>",
            "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>", "<|eom_id|>",
            "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>",
            "<|prefix|>", "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>",
            "<|code_suffix|>", "<|suffix|>", "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>",
            "▁<MID>", "<|code_middle|>", "<|middle|>",
        ] + llamaCppEndOfGenerationTexts
        + [
            "<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]", "<|fim_repo|>", "<|repo_name|>", "<fim-repo>",
            "<REPO>", "<reponame>", "<|file_sep|>",
        ]

    /// Token texts that end generation in llama.cpp (its EOG list, plus the FIM pad/repo/separator markers).
    static let llamaCppEndOfGenerationTexts: [String] = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>",
        "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
        "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[",
    ]

    /// Texts llama.cpp always renders as user-defined tokens (its gpt-oss workaround).
    static let llamaCppUserDefinedTexts: [String] = ["<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"]

    /// The attributes llama.cpp ends up with after its by-text overrides of the GGUF token types.
    static func applyingLlamaCppOverrides(_ attributes: [TokenAttributes], lookup: ByteStringTable) -> [TokenAttributes]
    {
        var a = attributes
        for t in llamaCppControlTexts {
            if let id = lookup.lookup(Array(t.utf8)) { a[Int(id)].insert(.control) }
        }
        for t in llamaCppUserDefinedTexts {
            if let id = lookup.lookup(Array(t.utf8)) { a[Int(id)] = .userDefined }
        }
        return a
    }
}
