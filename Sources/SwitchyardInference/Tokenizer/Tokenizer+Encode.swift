extension Tokenizer {
    /// The token ids of `text`, as llama.cpp's `llama_tokenize(text, add_special, parse_special)`.
    ///
    /// - Parameters:
    ///   - text: The text to tokenize.
    ///   - addSpecial: add BOS / EOS where the model's metadata says so (SmolLM2 adds none, Gemma adds BOS).
    ///   - parseSpecial: match control tokens written in the text (e.g. `<|im_start|>`) as those tokens;
    ///     when false they are tokenized as plain text. User-defined tokens are always matched.
    public func encode(_ text: String, addSpecial: Bool = true, parseSpecial: Bool = false) -> [Int32] {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { buf in
            encode(utf8: UnsafeBufferPointer(buf), addSpecial: addSpecial, parseSpecial: parseSpecial)
        }
    }

    /// The token ids of UTF-8 text (must be valid UTF-8); see `encode(_:addSpecial:parseSpecial:)`.
    ///
    /// - Parameters:
    ///   - text: The UTF-8 bytes.
    ///   - addSpecial: Whether to add BOS/EOS as the model's metadata says.
    ///   - parseSpecial: Whether control tokens written in the text are those tokens.
    public func encode(
        utf8 text: UnsafeBufferPointer<UInt8>, addSpecial: Bool = true, parseSpecial: Bool = false
    )
        -> [Int32]
    {
        var out: [Int32] = []
        out.reserveCapacity(text.count / 3 + 2)
        if addSpecial && addBOS, let bos = bosID { out.append(bos) }
        let fragments: [SpecialTokenSplitter.Fragment] =
            parseSpecial || splitter.hasAlwaysMatched
            ? splitter.split(text, parseSpecial: parseSpecial)
            : (text.isEmpty ? [] : [.text(0..<text.count)])
        switch engine {
        case .byteLevel(let pre, let merger):
            var ws = BytePairMerger.Workspace()
            var scalars = ScalarBuffer()
            for f in fragments {
                switch f {
                case .token(let id): out.append(id)
                case .text(let range):
                    encodeByteLevel(UnsafeBufferPointer(rebasing: text[range]), pre, merger, &scalars, &ws, &out)
                }
            }
        case .sentencePiece(let merger):
            var ws = SentencePieceMerger.Workspace()
            var escaped: [UInt8] = []
            var previousWasSpecial = true
            for f in fragments {
                switch f {
                case .token(let id):
                    out.append(id)
                    previousWasSpecial = true
                case .text(let range):
                    escaped.removeAll(keepingCapacity: true)
                    if addSpacePrefix && previousWasSpecial { escaped += [0xE2, 0x96, 0x81] }
                    for b in text[range] {
                        if b == 0x20 { escaped += [0xE2, 0x96, 0x81] } else { escaped.append(b) }
                    }
                    escaped.withUnsafeBufferPointer { merger.encode($0, into: &out, &ws) }
                    previousWasSpecial = false
                }
            }
        }
        if addSpecial && addEOS, let eos = eosID { out.append(eos) }
        return out
    }

    private func encodeByteLevel(
        _ text: UnsafeBufferPointer<UInt8>, _ pre: PreTokenizer, _ merger: BytePairMerger,
        _ scalars: inout ScalarBuffer, _ ws: inout BytePairMerger.Workspace, _ out: inout [Int32]
    ) {
        scalars.load(text)
        let ends = scalars.cps.withUnsafeBufferPointer { cps in
            scalars.classes.withUnsafeBufferPointer { cls in pre.split(cps, cls) }
        }
        var start = 0
        for end in ends {
            let from = Int(scalars.byteOffsets[start])
            let to = Int(scalars.byteOffsets[end])
            merger.encode(UnsafeBufferPointer(rebasing: text[from..<to]), into: &out, &ws)
            start = end
        }
    }
}

/// The scalars of a UTF-8 fragment, their classes and byte offsets (one extra offset for the end).
struct ScalarBuffer {
    var cps: [UInt32] = []
    var classes: [CodepointClass] = []
    var byteOffsets: [Int32] = []

    /// Decodes valid UTF-8 (as Swift strings always are).
    mutating func load(_ text: UnsafeBufferPointer<UInt8>) {
        cps.removeAll(keepingCapacity: true)
        classes.removeAll(keepingCapacity: true)
        byteOffsets.removeAll(keepingCapacity: true)
        var i = 0
        let n = text.count
        while i < n {
            let b0 = UInt32(text[i])
            var cp: UInt32
            var len: Int
            if b0 < 0x80 {
                cp = b0
                len = 1
            } else if b0 < 0xE0 {
                cp = b0 & 0x1F
                len = 2
            } else if b0 < 0xF0 {
                cp = b0 & 0x0F
                len = 3
            } else {
                cp = b0 & 0x07
                len = 4
            }
            len = min(len, n - i)
            for k in 1..<max(len, 1) { cp = cp << 6 | (UInt32(text[i + k]) & 0x3F) }
            byteOffsets.append(Int32(i))
            cps.append(cp)
            classes.append(CodepointClass.of(cp))
            i += len
        }
        byteOffsets.append(Int32(n))
    }
}
