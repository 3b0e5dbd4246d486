import SwitchyardCore

/// TEMPORARY until the tokenizer branch is merged.
func makeGenerationTokenizer(_ g: GGUFFile) throws -> (any GenerationTokenizer, @Sendable (String) -> Bool) {
    throw SwitchyardError(code: "tokenizer_unavailable", message: "tokenizer not merged yet")
}
