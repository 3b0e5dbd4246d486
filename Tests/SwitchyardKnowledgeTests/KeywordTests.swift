import Foundation
import Testing
@testable import SwitchyardKnowledge

@Suite struct KeywordTests {
    /// Three chunks, lengths 2, 3, 2 (avg 7/3), k1 = 0.9, b = 0.4. Values computed by hand (Python, doubles):
    /// idf(apple, df 2) = ln(1 + 1.5/2.5) = 0.470003629245736
    /// c1 apple (tf 1, len 2) = 0.483079464371583, c2 apple (tf 2, len 3) = 0.594771481348076,
    /// c2 cherry (df 1, tf 1, len 3) = 0.930458563841367.
    static let postings = KeywordPostings(
        chunkCount: 3, totalLength: 7,
        lists: [
            "apple": [.init(chunk: 1, tf: 1, length: 2), .init(chunk: 2, tf: 2, length: 3)],
            "cherry": [.init(chunk: 2, tf: 1, length: 3)],
            "banana": [.init(chunk: 1, tf: 1, length: 2), .init(chunk: 3, tf: 1, length: 2)],
        ])

    @Test func bm25MatchesHandComputedValues() {
        let bm25 = BM25()
        #expect(abs(bm25.idf(documentFrequency: 2, documents: 3) - 0.470003629245736) < 1e-12)
        let apple = bm25.score(queryTerms: ["apple"], postings: Self.postings)
        #expect(abs(apple[1]! - 0.483079464371583) < 1e-12)
        #expect(abs(apple[2]! - 0.594771481348076) < 1e-12)
        #expect(apple[3] == nil)
        let both = bm25.score(queryTerms: ["apple", "cherry"], postings: Self.postings)
        #expect(abs(both[2]! - 1.525230045189443) < 1e-12)
    }

    @Test func analyzerLowercasesDropsStopWordsAndStems() {
        #expect(KeywordAnalyzer().terms("The Running of the Caresses, and Ponies!") == ["run", "caress", "poni"])
        #expect(KeywordAnalyzer(stem: false).terms("Tenants' data") == ["tenants", "data"])
    }

    @Test(arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("cats", "cat"), ("feed", "feed"), ("agreed", "agre"),
        ("plastered", "plaster"), ("motoring", "motor"), ("sing", "sing"), ("conflated", "conflat"),
        ("troubled", "troubl"), ("sized", "size"), ("hopping", "hop"), ("falling", "fall"), ("filing", "file"),
        ("happy", "happi"), ("relational", "relat"), ("conditional", "condit"), ("rational", "ration"),
        ("digitizer", "digit"), ("generalization", "gener"), ("electrical", "electr"), ("hopefulness", "hope"),
        ("adjustment", "adjust"), ("adoption", "adopt"), ("controll", "control"), ("roll", "roll"),
        ("generalizations", "gener"), ("oscillators", "oscil"),
    ])
    func porterStemmer(word: String, stem: String) {
        #expect(PorterStemmer.stem(word) == stem)
    }

    @Test func reciprocalRankFusion() {
        let fused = ReciprocalRankFusion(k: 60).fuse([[1, 2, 3], [3, 1, 4]])
        #expect(fused.map(\.id) == [1, 3, 2, 4])
        #expect(abs(fused[0].score - (1.0 / 61 + 1.0 / 62)) < 1e-15)
        #expect(abs(fused[1].score - (1.0 / 63 + 1.0 / 61)) < 1e-15)
        #expect(abs(fused[2].score - 1.0 / 62) < 1e-15)
    }

    @Test func ndcg() {
        #expect(NDCG.at(10, ranked: ["a", "b"], relevance: ["a": 1]) == 1)
        let second: Double = 1 / log2(3.0)
        #expect(abs(NDCG.at(10, ranked: ["x", "a"], relevance: ["a": 1]) - second) < 1e-12)
        #expect(NDCG.at(10, ranked: [], relevance: ["a": 1]) == 0)
        let two = NDCG.at(10, ranked: ["b", "x", "a"], relevance: ["a": 1, "b": 1])
        let ideal: Double = 1 + 1 / log2(3.0)
        let expected: Double = 1.5 / ideal
        #expect(abs(two - expected) < 1e-12)
        #expect(NDCG.mean(10, rankings: ["q1": ["a"], "q2": ["z"]], qrels: ["q1": ["a": 1], "q2": ["b": 1]]) == 0.5)
    }
}
