/// One text's embedding with what the caller may need to surface about its tokenization.
public struct SentenceEmbedding: Sendable, Equatable {
    /// The unit-length embedding (`dimensions` floats; dot product = cosine similarity).
    public var vector: [Float]
    /// Ids the model saw, `[CLS]` and `[SEP]` included (at most the model's limit, 256 for MiniLM).
    public var tokenCount: Int
    /// Word pieces cut from the end of the text because it exceeded the limit (0 when nothing was cut).
    public var truncatedTokenCount: Int

    /// True when the tail of the text did not contribute to `vector`.
    public var isTruncated: Bool { truncatedTokenCount > 0 }

    /// An embedding.
    ///
    /// - Parameters:
    ///   - vector: The unit-length embedding.
    ///   - tokenCount: Ids the model saw, `[CLS]` and `[SEP]` included.
    ///   - truncatedTokenCount: Word pieces cut from the end of the text.
    public init(vector: [Float], tokenCount: Int, truncatedTokenCount: Int) {
        self.vector = vector
        self.tokenCount = tokenCount
        self.truncatedTokenCount = truncatedTokenCount
    }
}
