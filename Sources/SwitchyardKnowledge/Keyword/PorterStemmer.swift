/// The Porter stemming algorithm (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980), steps
/// 1a–5b as published, on lower-case ASCII words; other words are returned unchanged. BM25 with Porter stems is
/// the configuration of the published SciFact baselines (Anserini `-stemmer porter`).
enum PorterStemmer {
    static func stem(_ word: String) -> String {
        guard word.count > 2, word.utf8.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }
        var w = Array(word.utf8)
        step1a(&w)
        step1b(&w)
        if hasVowel(w, w.count - 1), w.last == 121 { w[w.count - 1] = 105 }  // 1c: y -> i
        step2(&w)
        step3(&w)
        step4(&w)
        step5(&w)
        return String(decoding: w, as: UTF8.self)
    }

    static func isConsonant(_ w: [UInt8], _ i: Int) -> Bool {
        switch w[i] {
        case 97, 101, 105, 111, 117: return false
        case 121: return i == 0 ? true : !isConsonant(w, i - 1)
        default: return true
        }
    }

    /// m, the number of VC sequences in w[0..<length].
    static func measure(_ w: [UInt8], _ length: Int) -> Int {
        var n = 0
        var i = 0
        while i < length && isConsonant(w, i) { i += 1 }
        while i < length {
            while i < length && !isConsonant(w, i) { i += 1 }
            guard i < length else { break }
            n += 1
            while i < length && isConsonant(w, i) { i += 1 }
        }
        return n
    }

    static func hasVowel(_ w: [UInt8], _ length: Int) -> Bool { (0..<max(0, length)).contains { !isConsonant(w, $0) } }

    static func endsDoubleConsonant(_ w: [UInt8], _ length: Int) -> Bool {
        length >= 2 && w[length - 1] == w[length - 2] && isConsonant(w, length - 1)
    }

    /// cvc where the last c is not w, x or y.
    static func cvc(_ w: [UInt8], _ length: Int) -> Bool {
        guard length >= 3, isConsonant(w, length - 1), !isConsonant(w, length - 2), isConsonant(w, length - 3)
        else { return false }
        return ![119, 120, 121].contains(w[length - 1])
    }

    static func ends(_ w: [UInt8], _ suffix: String) -> Bool { ends(w, Array(suffix.utf8)) }

    @inline(__always)
    static func ends(_ w: [UInt8], _ s: [UInt8]) -> Bool {
        guard w.count >= s.count else { return false }
        let offset = w.count - s.count
        for i in 0..<s.count where w[offset + i] != s[i] { return false }
        return true
    }

    /// Replaces `suffix` by `replacement` when the stem before it has measure > `minMeasure`; true when the suffix matched.
    @discardableResult
    static func replace(_ w: inout [UInt8], _ suffix: [UInt8], _ replacement: [UInt8], minMeasure: Int) -> Bool {
        guard ends(w, suffix) else { return false }
        let stem = w.count - suffix.count
        if measure(w, stem) > minMeasure {
            w.removeLast(suffix.count)
            w += replacement
        }
        return true
    }

    static func step1a(_ w: inout [UInt8]) {
        if ends(w, "sses") {
            w.removeLast(2)
        } else if ends(w, "ies") {
            w.removeLast(2)
        } else if ends(w, "ss") {
        } else if ends(w, "s") {
            w.removeLast()
        }
    }

    static func step1b(_ w: inout [UInt8]) {
        if ends(w, "eed") {
            if measure(w, w.count - 3) > 0 { w.removeLast() }
            return
        }
        var stripped = false
        if ends(w, "ed"), hasVowel(w, w.count - 2) {
            w.removeLast(2)
            stripped = true
        } else if ends(w, "ing"), hasVowel(w, w.count - 3) {
            w.removeLast(3)
            stripped = true
        }
        guard stripped else { return }
        if ends(w, "at") || ends(w, "bl") || ends(w, "iz") {
            w.append(101)
        } else if endsDoubleConsonant(w, w.count), ![108, 115, 122].contains(w.last!) {
            w.removeLast()
        } else if measure(w, w.count) == 1 && cvc(w, w.count) {
            w.append(101)
        }
    }

    static let step2Rules: [([UInt8], [UInt8])] = bytes([
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("abli", "able"),
        ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
        ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"),
        ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
    ])
    static let step3Rules: [([UInt8], [UInt8])] = bytes([
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ])
    /// Longest first, so that `ement` is tried before `ment` and `ent`.
    static let step4Suffixes: [[UInt8]] = [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
        "iti", "ous", "ive", "ize",
    ].sorted { $0.count > $1.count }.map { Array($0.utf8) }

    static func bytes(_ rules: [(String, String)]) -> [([UInt8], [UInt8])] {
        rules.map { (Array($0.0.utf8), Array($0.1.utf8)) }
    }

    static func step2(_ w: inout [UInt8]) {
        for (s, r) in step2Rules where replace(&w, s, r, minMeasure: 0) { return }
    }

    static func step3(_ w: inout [UInt8]) {
        for (s, r) in step3Rules where replace(&w, s, r, minMeasure: 0) { return }
    }

    static let ion = Array("ion".utf8)

    static func step4(_ w: inout [UInt8]) {
        for s in step4Suffixes where ends(w, s) {
            let stem = w.count - s.count
            guard measure(w, stem) > 1 else { return }
            if s == Self.ion && !(stem > 0 && (w[stem - 1] == 115 || w[stem - 1] == 116)) { return }
            w.removeLast(s.count)
            return
        }
    }

    static func step5(_ w: inout [UInt8]) {
        if w.last == 101 {
            let m = measure(w, w.count - 1)
            if m > 1 || (m == 1 && !cvc(w, w.count - 1)) { w.removeLast() }
        }
        if w.count > 1, w.last == 108, endsDoubleConsonant(w, w.count), measure(w, w.count) > 1 { w.removeLast() }
    }
}
