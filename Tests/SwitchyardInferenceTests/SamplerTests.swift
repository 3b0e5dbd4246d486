import Foundation
import PropertyBased
import Testing

@testable import SwitchyardInference

@Suite("Sampler")
struct SamplerTests {
    static let logits: [Float] = [1.0, 3.0, 2.5, -1.0, 0.5, 2.9, -3.0, 0.0]

    @Test func greedyPicksArgmax() {
        var s = Sampler(options: .greedy)
        #expect(s.sample(Self.logits, history: []) == 1)
    }

    @Test func repetitionPenaltyDemotesSeenTokens() {
        var s = Sampler(options: SamplingOptions(temperature: 0, repeatPenalty: 1.5))
        // 3.0/1.5 = 2.0 < 2.9, so token 5 wins once token 1 was seen.
        #expect(s.sample(Self.logits, history: [1]) == 5)
    }

    @Test func topKOneIsGreedy() {
        var s = Sampler(options: SamplingOptions(temperature: 1.5, topK: 1, topP: 1, minP: 0, seed: 7))
        for _ in 0..<50 { #expect(s.sample(Self.logits, history: []) == 1) }
    }

    @Test func minPRemovesUnlikelyTokens() {
        // p/p_max >= 0.5 keeps tokens within ln(2) of the max: ids 1 (3.0), 5 (2.9), 2 (2.5).
        var s = Sampler(options: SamplingOptions(temperature: 1, topK: 0, topP: 1, minP: 0.5, seed: 3))
        for _ in 0..<200 { #expect([1, 5, 2].contains(s.sample(Self.logits, history: []))) }
    }

    @Test func topPKeepsTheNucleus() {
        var s = Sampler(options: SamplingOptions(temperature: 1, topK: 0, topP: 0.3, minP: 0, seed: 5))
        // The top token alone has ~33% of the mass, so a 0.3 nucleus is just token 1.
        for _ in 0..<100 { #expect(s.sample(Self.logits, history: []) == 1) }
    }

    @Test func topKHeapMatchesSort() async {
        await propertyCheck(input: Gen.float(in: -10...10).array(of: 1...300), Gen.int(in: 1...20)) { xs, k in
            let got = Sampler.topK(xs, k).map(\.id)
            let want = xs.indices.sorted { xs[$0] > xs[$1] || (xs[$0] == xs[$1] && $0 < $1) }.prefix(k).map {
                Int32($0)
            }
            #expect(got == Array(want))
        }
    }

    @Test func sameSeedSameSequence() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            let o = SamplingOptions(temperature: 1.2, topK: 0, topP: 0.99, minP: 0, seed: seed)
            var a = Sampler(options: o), b = Sampler(options: o)
            let xs = (0..<20).map { _ in a.sample(Self.logits, history: []) }
            let ys = (0..<20).map { _ in b.sample(Self.logits, history: []) }
            #expect(xs == ys)
        }
    }
}

@Suite("Text streaming and stop sequences")
struct TextStreamerTests {
    @Test func holdsIncompleteUTF8() {
        var s = TextStreamer(stops: [])
        let bytes = Array("é☕".utf8)
        #expect(s.push([bytes[0]]) == "")
        #expect(s.push([bytes[1], bytes[2]]) == "é")
        #expect(s.push(Array(bytes[3...])) == "☕")
    }

    @Test func stopSequenceAcrossTokens() {
        var s = TextStreamer(stops: ["\nUser:"])
        var out = s.push(Array("Hello".utf8))
        out += s.push(Array("\nUs".utf8))
        #expect(out == "Hello")
        out += s.push(Array("er: hi".utf8))
        #expect(s.stopped)
        #expect(out == "Hello")
        #expect(s.text == "Hello")
    }

    @Test func falseStartIsReleased() {
        var s = TextStreamer(stops: ["STOP"])
        var out = s.push(Array("ST".utf8))
        out += s.push(Array("ART".utf8))
        out += s.flush()
        #expect(out == "START")
        #expect(!s.stopped)
    }

    @Test func emittedTextIsAlwaysAPrefix() async {
        await propertyCheck(input: Gen.character(in: "w"..."z").string(of: 0...40), Gen.int(in: 1...5)) { text, chunk in
            var s = TextStreamer(stops: ["xyz"])
            let bytes = Array(text.utf8)
            var out = ""
            var i = 0
            while i < bytes.count && !s.stopped {
                out += s.push(Array(bytes[i..<min(bytes.count, i + chunk)]))
                i += chunk
            }
            out += s.flush()
            let expected = text.range(of: "xyz").map { String(text[..<$0.lowerBound]) } ?? text
            #expect(out == expected)
        }
    }
}
