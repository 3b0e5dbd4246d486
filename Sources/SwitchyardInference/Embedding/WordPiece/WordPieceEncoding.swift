/// The token ids of one text, ready for a BERT encoder, and whether truncation dropped anything.
public struct WordPieceEncoding: Hashable, Sendable {
    /// `[CLS]`, the text's word pieces, `[SEP]` — at most the tokenizer's `maximumLength` ids.
    public var ids: [Int32]
    /// Word pieces dropped from the end of the text to fit `maximumLength` (0 when nothing was cut).
    public var truncatedTokenCount: Int

    /// True when the text was longer than the model accepts and its tail was not embedded.
    public var isTruncated: Bool { truncatedTokenCount > 0 }

    /// An encoding.
    ///
    /// - Parameters:
    ///   - ids: `[CLS]`, the word pieces, `[SEP]`.
    ///   - truncatedTokenCount: Word pieces dropped from the end of the text.
    public init(ids: [Int32], truncatedTokenCount: Int) {
        self.ids = ids
        self.truncatedTokenCount = truncatedTokenCount
    }
}
