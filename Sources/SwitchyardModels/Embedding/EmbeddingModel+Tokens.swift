import SwitchyardInference
import SwitchyardModelAPI

extension EmbeddingModel {
    /// The tokens `texts` take as this model reads them (`[CLS]` and `[SEP]` included, after truncation), when
    /// the model's tokenizer is at hand (the built-in MiniLM); nil otherwise.
    /// - Parameter texts: The inputs.
    public func tokenCount(of texts: [String]) -> Int? {
        guard let local = self as? LocalEmbeddingModel else { return nil }
        return texts.reduce(0) { $0 + local.embedder.tokenizer.encode($1).ids.count }
    }
}
