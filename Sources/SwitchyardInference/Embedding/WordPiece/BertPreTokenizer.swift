/// BERT's pre-tokenization (`BertPreTokenizer` in Hugging Face `tokenizers`): split normalized text on
/// whitespace and make every punctuation character a word of its own.
///
/// Punctuation is ASCII punctuation (`!`–`/`, `:`–`@`, `[`–`` ` ``, `{`–`~`, so `$ + < = > ^ | ~` count)
/// or any Unicode P* category.
enum BertPreTokenizer {
    static func words(_ normalized: String) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for s in normalized.unicodeScalars {
            if BertNormalizer.isWhitespace(s) {
                if !current.isEmpty { words.append(current); current.removeAll(keepingCapacity: true) }
            } else if isPunctuation(s) {
                if !current.isEmpty { words.append(current); current.removeAll(keepingCapacity: true) }
                words.append([s])
            } else {
                current.append(s)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
