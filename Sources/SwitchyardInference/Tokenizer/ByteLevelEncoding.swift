/// GPT-2's reversible byte ↔ unicode map used by byte-level BPE vocabularies.
///
/// Printable Latin-1 bytes (`!`..`~`, `¡`..`¬`, `®`..`ÿ`) map to themselves; the other 68 bytes map, in
/// increasing order, to U+0100, U+0101, …, so that every byte is one visible character (space becomes `Ġ`,
/// newline `Ċ`). Source: openai/gpt-2 `encoder.py` `bytes_to_unicode`; llama.cpp `unicode.cpp`
/// `unicode_byte_to_utf8_map`.
enum ByteLevelEncoding {
    /// The scalar that stands for each byte.
    static let scalarForByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) {
                table[b] = UInt32(b)
            } else {
                table[b] = next
                next += 1
            }
        }
        return table
    }()

    /// The byte each map scalar stands for, or nil for scalars outside the map.
    static func byte(for scalar: UInt32) -> UInt8? {
        if scalar < 256 {
            return scalarForByte[Int(scalar)] == scalar ? UInt8(scalar) : nil
        }
        guard scalar < 256 + 68 else { return nil }
        return byteForHighScalar[Int(scalar - 256)]
    }

    private static let byteForHighScalar: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 68)
        for b in 0..<256 where scalarForByte[b] >= 256 { table[Int(scalarForByte[b] - 256)] = UInt8(b) }
        return table
    }()

    /// The byte-level form of a token string's bytes: each byte replaced by its map character.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(scalarForByte[Int(b)])!) }
        return String(s)
    }

    /// The raw bytes a byte-level token string stands for. Characters outside the map are rendered as
    /// `[UNK_BYTE_0x…]` with their UTF-8 in hex, as llama.cpp's `llama_decode_text` does.
    static func decode(_ token: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(token.utf8.count)
        for scalar in token.unicodeScalars {
            if let b = byte(for: scalar.value) {
                out.append(b)
            } else {
                out += Array("[UNK_BYTE_0x".utf8)
                for u in String(scalar).utf8 {
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(hex[Int(u >> 4)])
                    out.append(hex[Int(u & 15)])
                }
                out += Array("]".utf8)
            }
        }
        return out
    }
}
