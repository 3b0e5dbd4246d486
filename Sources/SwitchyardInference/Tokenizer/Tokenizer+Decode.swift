extension Tokenizer {
    /// The bytes token `id` stands for (llama.cpp `token_to_piece`). Control and unknown tokens give no bytes
    /// unless `special` is true; ids outside the vocabulary give none.
    ///
    /// - Parameters:
    ///   - id: The token.
    ///   - special: Whether control and unknown tokens give their bytes.
    public func piece(_ id: Int32, special: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        appendPiece(id, special: special, to: &out)
        return out
    }

    /// Appends the bytes of token `id` to `out`; see `piece(_:special:)`.
    ///
    /// - Parameters:
    ///   - id: The token.
    ///   - special: Whether control and unknown tokens give their bytes.
    ///   - out: Where the bytes go.
    @inline(__always)
    public func appendPiece(_ id: Int32, special: Bool = false, to out: inout [UInt8]) {
        guard id >= 0, Int(id) < vocabularySize else { return }
        if !special && !attributes[Int(id)].isDisjoint(with: TokenAttributes.special) { return }
        pieces.append(Int(id), to: &out)
    }

    /// The bytes of a token sequence, byte-exact (pieces concatenated).
    ///
    /// - Parameters:
    ///   - ids: The tokens.
    ///   - special: Whether control and unknown tokens give their bytes.
    public func decodeBytes(_ ids: some Sequence<Int32>, special: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids { appendPiece(id, special: special, to: &out) }
        return out
    }

    /// The text of a token sequence. Byte sequences that are not valid UTF-8 (a multi-byte character cut
    /// by the end of the sequence) become U+FFFD; use `decodeBytes` or `StreamingDetokenizer` to avoid that.
    ///
    /// - Parameters:
    ///   - ids: The tokens.
    ///   - special: Whether control and unknown tokens give their text.
    public func decode(_ ids: some Sequence<Int32>, special: Bool = false) -> String {
        String(decoding: decodeBytes(ids, special: special), as: UTF8.self)
    }

    /// Whether `id` ends generation (EOS or an end-of-turn token).
    ///
    /// - Parameter id: A token.
    public func isEndOfGeneration(_ id: Int32) -> Bool { endOfGenerationIDs.contains(id) }
}
