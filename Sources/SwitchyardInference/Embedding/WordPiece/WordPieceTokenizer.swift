import SwitchyardCore

/// BERT's uncased WordPiece tokenizer, matching Hugging Face `tokenizers` on `bert-base-uncased`-style
/// `tokenizer.json` files (as shipped with all-MiniLM-L6-v2).
///
/// Pipeline: the special tokens' literal text (`[CLS]`, `[SEP]`, `[PAD]`, `[UNK]`, `[MASK]`) is matched
/// first and kept as those tokens; the rest goes through `BertNormalizer` (clean-up, CJK split, accent
/// stripping, lower-casing) and `BertPreTokenizer` (whitespace and punctuation split); each word is then
/// split greedily, longest match first, into vocabulary pieces, continuation pieces prefixed `##`. A word
/// longer than 100 scalars, or one with any position no piece matches, becomes a single `[UNK]`.
///
/// Truncation policy: `encode` keeps the first `maximumLength − 2` word pieces, adds `[CLS]`/`[SEP]`, and
/// reports how many pieces it dropped in `WordPieceEncoding.truncatedTokenCount` — the same cut
/// sentence-transformers makes (`max_seq_length` 256), but surfaced so callers can warn.
public struct WordPieceTokenizer: Sendable {
    /// The vocabulary.
    public let vocabulary: WordPieceVocabulary
    /// Most ids one encoding holds, `[CLS]` and `[SEP]` included (256 for all-MiniLM-L6-v2).
    public var maximumLength: Int
    /// Words longer than this many Unicode scalars become `[UNK]` (100 in BERT).
    public var maximumWordLength = 100

    let clsID: Int32
    let sepID: Int32
    let unkID: Int32
    private let specials: [(scalars: [Unicode.Scalar], id: Int32)]

    /// A tokenizer over `vocabulary`, which must hold `[CLS]`, `[SEP]` and `[UNK]`.
    ///
    /// - Parameters:
    ///   - vocabulary: The word pieces.
    ///   - maximumLength: The most ids an encoding holds, `[CLS]` and `[SEP]` included.
    /// - Throws: `SwitchyardError`: `vocabulary_missing_token`, or `invalid_argument` when `maximumLength` leaves no
    ///   room for `[CLS]` and `[SEP]`.
    public init(vocabulary: WordPieceVocabulary, maximumLength: Int = 256) throws {
        guard maximumLength >= 2 else {
            throw SwitchyardError(
                code: .invalidArgument, message: "maximumLength must leave room for [CLS] and [SEP]")
        }
        self.vocabulary = vocabulary
        self.maximumLength = maximumLength
        clsID = try vocabulary.requiredID("[CLS]")
        sepID = try vocabulary.requiredID("[SEP]")
        unkID = try vocabulary.requiredID("[UNK]")
        specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { token in
            vocabulary.id(token).map { (Array(token.unicodeScalars), $0) }
        }
    }

    /// Reads `vocab.txt` and builds the tokenizer.
    ///
    /// - Parameters:
    ///   - path: The model's `vocab.txt`.
    ///   - maximumLength: The most ids an encoding holds, `[CLS]` and `[SEP]` included.
    /// - Throws: `SwitchyardError`: `vocabulary_unreadable`, `vocabulary_corrupt`, `vocabulary_missing_token`,
    ///   `invalid_argument`.
    public init(vocabularyFile path: String, maximumLength: Int = 256) throws {
        try self.init(vocabulary: WordPieceVocabulary(contentsOf: path), maximumLength: maximumLength)
    }

    /// `[CLS] pieces [SEP]`, truncated to `maximumLength` ids with the number of dropped pieces reported.
    ///
    /// - Parameter text: The text.
    public func encode(_ text: String) -> WordPieceEncoding {
        var pieces = pieceIDs(text)
        let room = maximumLength - 2
        let dropped = max(0, pieces.count - room)
        if dropped > 0 { pieces.removeLast(dropped) }
        return WordPieceEncoding(ids: [clsID] + pieces + [sepID], truncatedTokenCount: dropped)
    }

    /// The word-piece strings of `text`, without `[CLS]`/`[SEP]` and without truncation.
    ///
    /// - Parameter text: The text.
    public func tokenize(_ text: String) -> [String] {
        pieceIDs(text).map { vocabulary.tokens[Int($0)] }
    }

    /// The ids of every word piece of `text` (no special tokens added, no truncation).
    ///
    /// - Parameter text: The text.
    public func pieceIDs(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        let scalars = text.unicodeScalars
        var segmentStart = scalars.startIndex
        var i = scalars.startIndex
        while i < scalars.endIndex {
            if scalars[i] == "[", let (id, end) = special(at: i, in: scalars) {
                appendWords(of: scalars[segmentStart..<i], to: &ids)
                ids.append(id)
                i = end
                segmentStart = end
            } else {
                scalars.formIndex(after: &i)
            }
        }
        appendWords(of: scalars[segmentStart..<scalars.endIndex], to: &ids)
        return ids
    }

    private func special(
        at start: String.UnicodeScalarView.Index, in scalars: String.UnicodeScalarView
    ) -> (Int32, String.UnicodeScalarView.Index)? {
        for (literal, id) in specials {
            var j = start
            var matched = true
            for s in literal {
                guard j < scalars.endIndex, scalars[j] == s else { matched = false; break }
                scalars.formIndex(after: &j)
            }
            if matched { return (id, j) }
        }
        return nil
    }

    private func appendWords(of segment: Substring.UnicodeScalarView, to ids: inout [Int32]) {
        if segment.isEmpty { return }
        for word in BertPreTokenizer.words(BertNormalizer.normalize(segment)) {
            appendPieces(of: word, to: &ids)
        }
    }

    /// Greedy longest-match-first split of one word (`tokenizers/src/models/wordpiece/mod.rs`).
    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        if word.count > maximumWordLength {
            ids.append(unkID)
            return
        }
        let mark = ids.count
        var start = 0
        while start < word.count {
            var end = min(word.count, start + vocabulary.longestToken)
            var found: Int32?
            while end > start {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary.id(candidate) {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.removeLast(ids.count - mark)
                ids.append(unkID)
                return
            }
            ids.append(id)
            start = end
        }
    }
}
