/// Cuts a document into chunks under a token budget, one heading section at a time, with overlap.
///
/// - A chunk never crosses a heading: each section (a heading line and the text up to the next heading) is
///   chunked on its own, and each chunk carries the section's heading path. A section shorter than
///   ``minimumTokens`` (a heading followed directly by a sub-heading) is joined to the next one.
/// - Inside a section, chunks take whole tokens up to ``maxTokens`` (counted by ``counter``), ending at a
///   sentence end or paragraph break in the last half of the window when there is one, and the next chunk starts
///   ``overlapTokens`` back.
/// - Every chunk's text is exactly `text[start..<end]` in Unicode scalars.
public struct Chunker: Sendable {
    public var maxTokens: Int
    public var overlapTokens: Int
    public var minimumTokens: Int
    public var counter: any TokenCounting

    /// A chunker.
    ///
    /// - Parameters:
    ///   - maxTokens: The most tokens a chunk holds (at least 8).
    ///   - overlapTokens: How many tokens the next chunk starts back (at most half of `maxTokens`).
    ///   - minimumTokens: Sections shorter than this are joined to the next one.
    ///   - counter: How tokens are counted.
    public init(
        maxTokens: Int = 200, overlapTokens: Int = 32, minimumTokens: Int = 12,
        counter: any TokenCounting = WordPieceEstimate()
    ) {
        self.maxTokens = max(8, maxTokens)
        self.overlapTokens = min(max(0, overlapTokens), self.maxTokens / 2)
        self.minimumTokens = minimumTokens
        self.counter = counter
    }

    /// The chunks of `document`, in order.
    ///
    /// - Parameter document: The loaded document.
    public func chunks(of document: LoadedDocument) -> [Chunk] {
        let scalars = Array(document.text.unicodeScalars)
        let tokens = TextToken.split(scalars)
        guard !tokens.isEmpty else { return [] }
        let pieces = tokens.map { counter.count($0, in: scalars) }
        var chunks: [Chunk] = []
        for section in sections(of: document, tokens: tokens, pieces: pieces) {
            chunkSection(section, tokens: tokens, pieces: pieces, scalars: scalars, into: &chunks)
        }
        return chunks
    }

    struct Section {
        var tokens: Range<Int>
        var path: [String]
    }

    /// Token ranges of the heading sections, small ones joined to the next.
    func sections(of document: LoadedDocument, tokens: [TextToken], pieces: [Int]) -> [Section] {
        let headings = document.headings.sorted { $0.offset < $1.offset }
        var starts: [(offset: Int, path: [String])] = [(0, [])]
        var stack: [Heading] = []
        for h in headings {
            while let last = stack.last, last.level >= h.level { stack.removeLast() }
            stack.append(h)
            starts.append((h.offset, stack.map(\.title)))
        }
        var sections: [Section] = []
        var t = 0
        for (i, s) in starts.enumerated() {
            let limit = i + 1 < starts.count ? starts[i + 1].offset : Int.max
            let first = t
            while t < tokens.count && tokens[t].start < limit { t += 1 }
            if t > first { sections.append(Section(tokens: first..<t, path: s.path)) }
        }
        // Join a short section to the next one (keeping the later, deeper path).
        var joined: [Section] = []
        var carry: Range<Int>?
        for (i, s) in sections.enumerated() {
            let range = (carry?.lowerBound ?? s.tokens.lowerBound)..<s.tokens.upperBound
            let size = pieces[range].reduce(0, +)
            if size < minimumTokens && i + 1 < sections.count {
                carry = range
            } else {
                joined.append(Section(tokens: range, path: s.path))
                carry = nil
            }
        }
        return joined
    }

    func chunkSection(
        _ section: Section, tokens: [TextToken], pieces: [Int], scalars: [Unicode.Scalar], into chunks: inout [Chunk]
    ) {
        var s = section.tokens.lowerBound
        let upper = section.tokens.upperBound
        while s < upper {
            var e = s
            var size = 0
            while e < upper && (size + pieces[e] <= maxTokens || e == s) {
                size += pieces[e]
                e += 1
            }
            if e < upper { e = breakPoint(from: s, to: e, tokens: tokens, scalars: scalars) }
            let start = tokens[s].start
            let end = tokens[e - 1].end
            let text = String(String.UnicodeScalarView(scalars[start..<end]))
            chunks.append(
                Chunk(
                    ordinal: chunks.count, text: text, start: start, end: end, headingPath: section.path,
                    tokens: pieces[s..<e].reduce(0, +)))
            guard e < upper else { break }
            // Step back `overlapTokens` for the next chunk, always moving forward.
            var next = e
            var back = 0
            while next - 1 > s && back + pieces[next - 1] <= overlapTokens {
                next -= 1
                back += pieces[next]
            }
            s = max(next, s + 1)
        }
    }

    /// The best end (exclusive token index) in the second half of `s..<e`: after a paragraph break, else after a
    /// sentence end, else `e`.
    func breakPoint(from s: Int, to e: Int, tokens: [TextToken], scalars: [Unicode.Scalar]) -> Int {
        let floor = s + (e - s) / 2
        var sentence: Int?
        var b = e - 1
        while b > floor {
            // Between token b-1 and b.
            let gap = scalars[tokens[b - 1].end..<tokens[b].start]
            if gap.filter({ $0 == "\n" }).count >= 2 { return b }
            if sentence == nil, !tokens[b - 1].isWord, [".", "!", "?", ";"].contains(scalars[tokens[b - 1].start]),
                !gap.isEmpty
            {
                sentence = b
            }
            b -= 1
        }
        return sentence ?? e
    }
}
