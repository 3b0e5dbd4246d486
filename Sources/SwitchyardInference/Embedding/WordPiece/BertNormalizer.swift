import Foundation

/// BERT's text normalization for uncased models, as Hugging Face `tokenizers` applies it
/// (`BertNormalizer{clean_text, handle_chinese_chars, strip_accents: null, lowercase: true}`,
/// `tokenizers/src/normalizers/bert.rs`), in the same order:
/// 1. clean: drop U+0000, U+FFFD and "other" characters (general category Cc, Cf, Co, Cs) except
///    tab/newline/carriage return; map every White_Space character to a space;
/// 2. put spaces around CJK ideographs (each becomes its own word);
/// 3. strip accents: NFD, then drop nonspacing marks (Mn) — `strip_accents: null` follows `lowercase`;
/// 4. lowercase each scalar with its full Unicode lowercase mapping (no context rules: `Σ` → `σ`).
/// Stripping before lowercasing matters: `İ` → `I` + U+0307 → `I` → `i`.
enum BertNormalizer {
    static func normalize(_ text: Substring.UnicodeScalarView) -> String {
        var cleaned = String.UnicodeScalarView()
        for s in text {
            if s.value == 0 || s.value == 0xFFFD || isOther(s) { continue }
            if isWhitespace(s) {
                cleaned.append(" ")
            } else if isCJK(s) {
                cleaned.append(" ")
                cleaned.append(s)
                cleaned.append(" ")
            } else {
                cleaned.append(s)
            }
        }
        var string = String(cleaned)
        if string.unicodeScalars.contains(where: { $0.value >= 0xC0 }) {
            string = string.decomposedStringWithCanonicalMapping
        }
        var out = String.UnicodeScalarView()
        for s in string.unicodeScalars {
            if s.value < 0x80 {
                out.append(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(s.value + 32)! : s)
                continue
            }
            if s.properties.generalCategory == .nonspacingMark { continue }
            if s.properties.changesWhenLowercased {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// Tab, newline, carriage return and the Unicode White_Space property.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.isWhitespace
    }

    /// "Other" characters that cleaning removes: controls (except \t \n \r), format, private use,
    /// surrogates. Unassigned code points are kept (they become [UNK]), as in `tokenizers`.
    static func isOther(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        if s.value >= 0x20 && s.value < 0x7F { return false }
        switch s.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT treats as single-character words (Google's
    /// `tokenization.py`, `_is_chinese_char`): not Hiragana, Katakana or Hangul.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
