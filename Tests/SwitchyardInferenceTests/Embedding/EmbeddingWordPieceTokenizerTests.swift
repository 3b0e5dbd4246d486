import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardInference

@Suite("Embedding: WordPiece tokenizer")
struct EmbeddingWordPieceTokenizerTests {
    /// A toy vocabulary: ids are positions.
    static let toy = try! WordPieceTokenizer(
        vocabulary: WordPieceVocabulary(tokens: [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "hello", ",", "world", "!",
            "cafe", "naive", "中", "文", "##s", "cat", "'", "$", "1",
        ]), maximumLength: 8)

    func pieces(_ text: String) -> [String] { EmbeddingWordPieceTokenizerTests.toy.tokenize(text) }

    @Test func greedyLongestMatchFirstWithContinuationPrefix() {
        #expect(pieces("unaffable") == ["un", "##aff", "##able"])
        #expect(pieces("cats") == ["cat", "##s"])
    }

    @Test func lowercasesStripsAccentsAndSplitsPunctuation() {
        #expect(pieces("Hello, WORLD!") == ["hello", ",", "world", "!"])
        #expect(pieces("Café NAÏVE") == ["cafe", "naive"])
        #expect(pieces("cat's $1") == ["cat", "'", "[UNK]", "$", "1"])
    }

    @Test func cjkIdeographsAreSingleWords() {
        #expect(pieces("中文") == ["中", "文"])
    }

    @Test func unmatchedWordIsOneUnknown() {
        #expect(pieces("unxyz hello") == ["[UNK]", "hello"])
        #expect(pieces(String(repeating: "un", count: 51)) == ["[UNK]"])  // 102 scalars > 100
    }

    @Test func controlAndFormatCharactersAreDropped() {
        #expect(pieces("hel\u{200B}lo\u{0007}") == ["hello"])
        #expect(pieces("hello\u{00A0}world\tcat\n") == ["hello", "world", "cat"])
    }

    @Test func specialTokenLiteralsAreMatchedBeforeNormalization() {
        #expect(EmbeddingWordPieceTokenizerTests.toy.pieceIDs("hello [MASK] [mask]") == [8, 4, 1, 1, 1])
        #expect(EmbeddingWordPieceTokenizerTests.toy.pieceIDs("[SEP]hello") == [3, 8])
    }

    @Test func truncationKeepsTheHeadAndReportsTheCut() {
        let e = EmbeddingWordPieceTokenizerTests.toy.encode("hello world hello world hello world hello")
        #expect(e.ids == [2, 8, 10, 8, 10, 8, 10, 3])
        #expect(e.truncatedTokenCount == 1)
        #expect(e.isTruncated)
        let short = EmbeddingWordPieceTokenizerTests.toy.encode("hello")
        #expect(short.ids == [2, 8, 3] && !short.isTruncated)
        #expect(EmbeddingWordPieceTokenizerTests.toy.encode("").ids == [2, 3])
    }

    @Test func goldenTokenizationsFromTheModelVocabulary() throws {
        let dir = try EmbeddingTestFiles.requireModel()
        let tokenizer = try WordPieceTokenizer(vocabularyFile: dir + "/vocab.txt")
        #expect(tokenizer.encode("Hello, World!").ids == [101, 7592, 1010, 2088, 999, 102])
        #expect(
            tokenizer.encode("The café's naïve résumé costs $1,234.56").ids
                == [101, 1996, 7668, 1005, 1055, 15743, 13746, 5366, 1002, 1015, 1010, 22018, 1012, 5179, 102])
        #expect(tokenizer.encode("unaffable tokenization").ids == [101, 14477, 20961, 3468, 19204, 3989, 102])
        #expect(tokenizer.encode("日本語テキスト").ids == [101, 1864, 1876, 1950, 1713, 30227, 30233, 30240, 102])
        #expect(tokenizer.encode("don't stop-believing").ids == [101, 2123, 1005, 1056, 2644, 1011, 8929, 102])
        #expect(tokenizer.tokenize("İstanbul ΣΑΣ") == ["istanbul", "σ", "##α", "##σ"])
    }

    @Test func tokenIDsMatchTheReferenceTokenizerOnEveryFixtureSentence() throws {
        let dir = try EmbeddingTestFiles.requireModel()
        let tokenizer = try WordPieceTokenizer(vocabularyFile: dir + "/vocab.txt")
        let reference = try EmbeddingReference.load()
        #expect(reference.cases.count >= 200)
        var mismatches: [String] = []
        for c in reference.cases {
            let e = tokenizer.encode(c.text)
            if e.ids != c.ids {
                mismatches.append("\(c.text.debugDescription.prefix(80)): \(e.ids.prefix(12)) vs \(c.ids.prefix(12))")
            }
            if e.truncatedTokenCount != max(0, c.full_length - 256) {
                mismatches.append(
                    "\(c.text.prefix(40)): truncated \(e.truncatedTokenCount), expected \(c.full_length - 256)")
            }
        }
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) of \(reference.cases.count) differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }
}
