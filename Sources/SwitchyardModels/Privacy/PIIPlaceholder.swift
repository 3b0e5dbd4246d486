/// The text of placeholders, `<LABEL_N>` (`<EMAIL_1>`, `<IBAN_2>`), and the scanner that finds them: whole in a
/// text (to fill an answer back), or begun at its end (what a stream must hold back until the next delta).
enum PIIPlaceholder {
    /// The labels placeholders use, one per class.
    static let labels: [String] = PIIClass.accepted.map(\.label)
    /// The longest number a placeholder carries, in digits.
    static let maxDigits = 9

    static func text(label: String, number: Int) -> String { "<\(label)_\(number)>" }

    /// `text` with each placeholder-shaped piece (`<` label `_` digits `>`) replaced by what `replacement` returns
    /// for it (nil: kept). `replacement` also gets the piece's range.
    @discardableResult
    static func scan(
        _ text: String, replacement: (_ placeholder: String, _ range: Range<String.Index>) -> String?
    ) -> String {
        var out = ""
        var copied = text.startIndex
        var cursor = text.startIndex
        while let open = text[cursor...].firstIndex(of: "<") {
            guard let close = placeholderEnd(in: text, from: open) else {
                cursor = text.index(after: open)
                continue
            }
            let range = open..<close
            if let value = replacement(String(text[range]), range) {
                out += text[copied..<open]
                out += value
                copied = close
            }
            cursor = close
        }
        guard copied != text.startIndex else { return text }
        out += text[copied...]
        return out
    }

    /// The end (past `>`) of the placeholder starting at `open`, or nil when none starts there.
    static func placeholderEnd(in text: String, from open: String.Index) -> String.Index? {
        let scalars = text.unicodeScalars
        var i = scalars.index(after: open)
        let labelStart = i
        while i < scalars.endIndex, ("A"..."Z").contains(scalars[i]) { i = scalars.index(after: i) }
        guard i > labelStart, i < scalars.endIndex, scalars[i] == "_",
            labels.contains(String(scalars[labelStart..<i]))
        else { return nil }
        i = scalars.index(after: i)
        let digitsStart = i
        while i < scalars.endIndex, ("0"..."9").contains(scalars[i]) { i = scalars.index(after: i) }
        let digits = scalars.distance(from: digitsStart, to: i)
        guard (1...maxDigits).contains(digits), i < scalars.endIndex, scalars[i] == ">" else { return nil }
        return scalars.index(after: i)
    }

    /// Whether `tail` (the text after a `<` that ends a stream's buffer) could still become a placeholder:
    /// a prefix of a label, or a label, `_` and at most ``maxDigits`` digits, with no `>` yet.
    static func couldContinue(_ tail: Substring) -> Bool {
        guard let underscore = tail.firstIndex(of: "_") else {
            return labels.contains { $0.hasPrefix(tail) }
        }
        let label = tail[..<underscore]
        let digits = tail[tail.index(after: underscore)...]
        return labels.contains(String(label)) && digits.count <= maxDigits
            && digits.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }
}
