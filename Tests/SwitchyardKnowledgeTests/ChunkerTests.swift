import PropertyBased
import Testing
@testable import SwitchyardKnowledge

@Suite struct ChunkerTests {
    static func markdown(sections: Int, sentences: Int) -> String {
        var text = "# Title\n\n"
        for s in 0..<sections {
            text += "## Section \(s)\n\n"
            for i in 0..<sentences {
                text += "Sentence \(i) of section \(s) talks about retrieval, tenants and café vectors. "
                if i % 7 == 6 { text += "\n\n" }
            }
            text += "\n\n"
        }
        return text
    }

    @Test func offsetsMapBackExactlyAndHeadingsAreKept() {
        let text = Self.markdown(sections: 3, sentences: 40)
        let doc = MarkdownLoader.load(text: text, source: "/x.md", fallbackTitle: "x")
        let chunker = Chunker(maxTokens: 60, overlapTokens: 10)
        let chunks = chunker.chunks(of: doc)
        let scalars = Array(text.unicodeScalars)
        #expect(chunks.count > 6)
        for (i, c) in chunks.enumerated() {
            #expect(c.ordinal == i)
            #expect(String(String.UnicodeScalarView(scalars[c.start..<c.end])) == c.text)
            #expect(c.tokens <= 60)
            #expect(c.headingPath.first == "Title")
            #expect(c.headingPath.count == 2)
            // The chunk lies inside its section (a short section joins the next): its heading is the last one
            // starting before its end.
            let section = doc.headings.last { $0.offset < c.end }!
            #expect(c.headingPath.last == section.title)
        }
        // Within a section consecutive chunks overlap; a section's first chunk starts at its heading line.
        for (a, b) in zip(chunks, chunks.dropFirst()) where a.headingPath == b.headingPath {
            #expect(b.start < a.end)
            #expect(b.start > a.start)
        }
        #expect(chunks.contains { $0.text.hasPrefix("## Section 1") })
    }

    @Test func shortHeadingSectionJoinsTheNext() {
        let doc = MarkdownLoader.load(
            text: "# Top\n## Sub\n\nSome body text that is long enough to stand alone as its own chunk of text here.",
            source: "/y.md", fallbackTitle: "y")
        let chunks = Chunker().chunks(of: doc)
        #expect(chunks.count == 1)
        #expect(chunks[0].start == 0)
        #expect(chunks[0].headingPath == ["Top", "Sub"])
    }

    @Test func tokenEstimateIsConservativeForWords() {
        let counter = WordPieceEstimate()
        let text = Array("the internationalization café , 日本".unicodeScalars)
        let counts = TextToken.split(text).map { counter.count($0, in: text) }
        #expect(counts == [1, 1 + (20 - 6 + 3) / 4, 4, 1, 1, 1])
    }

    @Test func randomTextsChunkWithExactOffsets() async {
        let words = ["alpha", "beta.", "gamma,", "\n\n", "## H\n", "délta", "x", "supercalifragilistic", "!", "日本語"]
        await propertyCheck(
            count: 60, input: Gen.int(in: 0...(words.count - 1)).array(of: 0...400), Gen.int(in: 8...80)
        ) {
            picks, budget in
            let text = picks.map { words[$0] }.joined(separator: " ")
            let doc = MarkdownLoader.load(text: text, source: "/r.md", fallbackTitle: "r")
            let chunks = Chunker(maxTokens: budget, overlapTokens: budget / 4).chunks(of: doc)
            let scalars = Array(text.unicodeScalars)
            var covered = Set<Int>()
            for c in chunks {
                #expect(String(String.UnicodeScalarView(scalars[c.start..<c.end])) == c.text)
                #expect(c.tokens <= max(budget, 7))  // one over-long word may stand alone
                covered.formUnion(c.start..<c.end)
            }
            // Every word scalar is in some chunk.
            for t in TextToken.split(scalars) { #expect(covered.contains(t.start)) }
        }
    }
}
