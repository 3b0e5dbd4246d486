/// The bytes each token decodes to, precomputed (llama.cpp `token_to_piece` with `special = true`).
///
/// - byte-level BPE: normal tokens through the GPT-2 byte map; control, unknown and user-defined tokens
///   verbatim; byte tokens their byte.
/// - SentencePiece: normal tokens with `▁` turned back into spaces; byte tokens `<0xNN>` their byte; control,
///   unknown and user-defined tokens verbatim.
/// Unused and untyped tokens decode to nothing.
struct TokenPieces: Sendable {
    private let bytes: [UInt8]
    private let offsets: [Int32]
    private let strings: [String]

    init(tokens: [String], attributes: [TokenAttributes], model: TokenizerSpec.Model) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.count * 8)
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(tokens.count + 1)
        let escapedSpace: [UInt8] = [0xE2, 0x96, 0x81]
        for (i, t) in tokens.enumerated() {
            let a = attributes[i]
            if !a.isDisjoint(with: [.control, .unknown, .userDefined]) {
                bytes += t.utf8
            } else if a.contains(.normal) {
                if model == .byteLevelBPE {
                    bytes += ByteLevelEncoding.decode(t)
                } else {
                    let u = Array(t.utf8)
                    var j = 0
                    while j < u.count {
                        if j + 2 < u.count && u[j] == escapedSpace[0] && u[j + 1] == escapedSpace[1]
                            && u[j + 2] == escapedSpace[2]
                        {
                            bytes.append(0x20)
                            j += 3
                        } else {
                            bytes.append(u[j])
                            j += 1
                        }
                    }
                }
            } else if a.contains(.byte) {
                if let b = Self.byteValue(t, model: model) { bytes.append(b) }
            }
            offsets.append(Int32(bytes.count))
        }
        self.bytes = bytes
        self.offsets = offsets
        self.strings = tokens
    }

    /// The value of a byte token: `<0xNN>` for SentencePiece, the byte-map character for byte-level BPE.
    static func byteValue(_ t: String, model: TokenizerSpec.Model) -> UInt8? {
        if t.hasPrefix("<0x") && t.hasSuffix(">") && t.utf8.count == 6 {
            return UInt8(t.dropFirst(3).dropLast(), radix: 16)
        }
        let d = ByteLevelEncoding.decode(t)
        return d.count == 1 ? d[0] : nil
    }

    /// Appends the bytes of token `id`.
    @inline(__always)
    func append(_ id: Int, to out: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { out += $0[Int(offsets[id])..<Int(offsets[id + 1])] }
    }

    func vocabularyString(_ id: Int) -> String { strings[id] }
}
