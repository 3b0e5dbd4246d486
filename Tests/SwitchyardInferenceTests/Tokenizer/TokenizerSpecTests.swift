import Testing

@testable import SwitchyardInference

/// The two algorithms on tiny hand-made vocabularies (no model files needed).
@Suite("Tokenizer on hand-made vocabularies")
struct TokenizerSpecTests {
    /// Byte-level BPE: the 256 byte characters plus a few merges; lowest rank merges first.
    static func byteLevel(pre: String = "gpt-2") throws -> Tokenizer {
        var tokens = (0..<256).map { ByteLevelEncoding.encode([UInt8($0)]) }
        tokens += ["Ġt", "he", "Ġthe", "<|end|>"]
        var attributes = [TokenAttributes](repeating: .normal, count: tokens.count)
        attributes[tokens.count - 1] = .control
        return try Tokenizer(
            spec: TokenizerSpec(
                model: .byteLevelBPE, preTokenizer: pre, tokens: tokens, attributes: attributes,
                merges: ["Ġ t", "h e", "Ġt he"], eosID: Int32(tokens.count - 1)))
    }

    @Test func byteLevelMergesByRank() throws {
        let t = try Self.byteLevel()
        let the = try #require(t.tokenID("Ġthe"))
        #expect(t.encode(" the") == [the])
        #expect(t.encode("the") == [t.tokenID("t")!, t.tokenID("he")!])
        #expect(t.decode(t.encode(" the thé\n")) == " the thé\n")
        #expect(t.encode("<|end|>", parseSpecial: true) == [t.eosID!])
        #expect(t.encode("<|end|>").count == 7)
        #expect(t.isEndOfGeneration(t.eosID!))
    }

    @Test func smolLMSplitsDigits() throws {
        let t = try Self.byteLevel(pre: "smollm")
        #expect(t.encode("123").count == 3)
        let gpt2 = try Self.byteLevel()
        #expect(gpt2.encode("123").count == 3)  // no merges for digits in this vocabulary either way
    }

    /// SentencePiece BPE: merges by score, `▁` for spaces, byte fallback for unknown characters.
    static func sentencePiece(addSpacePrefix: Bool) throws -> Tokenizer {
        var tokens = ["<unk>", "<s>", "</s>"]
        var types: [TokenAttributes] = [.unknown, .control, .control]
        for b in 0..<256 {
            tokens.append("<0x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2) + ">")
            types.append(.byte)
        }
        let pieces = ["▁", "a", "b", "ab", "▁ab", "▁a"]
        tokens += pieces
        types += Array(repeating: .normal, count: pieces.count)
        var scores = [Float](repeating: 0, count: tokens.count)
        scores[tokens.firstIndex(of: "ab")!] = -1
        scores[tokens.firstIndex(of: "▁a")!] = -2
        scores[tokens.firstIndex(of: "▁ab")!] = -3
        return try Tokenizer(
            spec: TokenizerSpec(
                model: .sentencePiece, tokens: tokens, scores: scores, attributes: types, bosID: 1, eosID: 2,
                unknownID: 0, addBOS: true, addSpacePrefix: addSpacePrefix))
    }

    @Test func sentencePieceMergesByScoreWithByteFallback() throws {
        let t = try Self.sentencePiece(addSpacePrefix: false)
        let id = { (s: String) in t.tokenID(s)! }
        // "ab" (score -1) merges before "▁a" (-2); then "▁" + "ab" = "▁ab".
        #expect(t.encode("ab ab") == [1, id("ab"), id("▁ab")])
        #expect(t.encode("é", addSpecial: false) == [id("<0xC3>"), id("<0xA9>")])
        #expect(t.decode(t.encode("ab éab")) == "ab éab")
        let prefixed = try Self.sentencePiece(addSpacePrefix: true)
        #expect(prefixed.encode("ab", addSpecial: false) == [id("▁ab")])
    }
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
