/// Counts the embedder tokens of one basic token (``TextToken``): the chunker's measure of size.
///
/// A BERT WordPiece tokenizer splits words after the basic split, so counting word by word is exact for it: the
/// MiniLM tokenizer can conform and make chunk sizes exact. Until then ``WordPieceEstimate`` is used.
public protocol TokenCounting: Sendable {
    /// Tokens for the scalars `scalars[token.start..<token.end]`.
    ///
    /// - Parameters:
    ///   - token: The basic token.
    ///   - scalars: The text the token's offsets point into.
    func count(_ token: TextToken, in scalars: [Unicode.Scalar]) -> Int
}

/// A conservative estimate of WordPiece tokens (all-MiniLM-L6-v2's 30 522-entry uncased vocabulary): punctuation
/// and CJK ideographs 1 each; an ASCII word of up to 6 letters 1 (common words are whole vocabulary entries), plus
/// 1 per further 4 letters (rare words split into ~4-letter pieces, `##` continuations); a non-ASCII word 1 per
/// scalar (accents stripped words are often split letter by letter). It over-counts more often than it
/// under-counts, so chunks of at most 200 estimated tokens stay under the model's 256 with [CLS]/[SEP] and the
/// title prefix.
public struct WordPieceEstimate: TokenCounting {
    public init() {}

    public func count(_ token: TextToken, in scalars: [Unicode.Scalar]) -> Int {
        let length = token.end - token.start
        guard token.isWord, length > 1 else { return 1 }
        var ascii = true
        for i in token.start..<token.end where !scalars[i].isASCII {
            ascii = false
            break
        }
        guard ascii else { return length }
        return length <= 6 ? 1 : 1 + (length - 6 + 3) / 4
    }
}
