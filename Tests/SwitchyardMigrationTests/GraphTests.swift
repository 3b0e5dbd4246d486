import Testing

@testable import SwitchyardMigration

@Suite struct GraphTests {
    /// Two 4-cliques joined by one light edge.
    func twoCliques() -> WeightedGraph {
        var edges: [(Int, Int, Double)] = []
        for base in [0, 4] {
            for a in 0..<4 { for b in (a + 1)..<4 { edges.append((base + a, base + b, 10)) } }
        }
        edges.append((3, 4, 1))
        return WeightedGraph(nodeCount: 8, edges: edges)
    }

    @Test func louvainSplitsTwoCliques() {
        let g = twoCliques()
        let c = Louvain().communities(g)
        #expect(c == [0, 0, 0, 0, 1, 1, 1, 1])
        // Hand computation: m = 121, each side has 60 inside and degree sum 121.
        let expected = 2 * (60.0 / 121 - (121.0 / 242) * (121.0 / 242))
        #expect(abs(g.modularity(c) - expected) < 1e-12)
    }

    @Test func csrMergesParallelEdgesAndKeepsSelfLoops() {
        let g = WeightedGraph(nodeCount: 3, edges: [(0, 1, 1), (1, 0, 2), (2, 2, 5)])
        #expect(g.degree(0) == 1 && g.weights[0] == 3)
        #expect(g.selfLoops[2] == 5 && g.strength(2) == 10)
        #expect(g.totalWeight == 8)
    }

    @Test func aggregationPreservesModularity() {
        let g = twoCliques()
        let c = [0, 0, 0, 0, 1, 1, 1, 1]
        let coarse = Louvain.aggregate(g, community: c, count: 2)
        #expect(abs(coarse.totalWeight - g.totalWeight) < 1e-9)
        #expect(abs(coarse.modularity([0, 1]) - g.modularity(c)) < 1e-12)
    }

    @Test func rfc1123NamesAreValidAndUnique() {
        let sources = ["Web_01", "web-01", "WEB 01", "ümlaut", "", String(repeating: "x", count: 80), "a--b"]
        let names = NameAllocator(sources)
        let allocated = sources.map { names[$0] }
        #expect(Set(allocated).count == Set(sources).count)
        for name in allocated { #expect(RFC1123.isValid(name), "\(name)") }
        #expect(names["WEB 01"] == "web-01" && names["Web_01"] == "web-01-2" && names["web-01"] == "web-01-3")
    }
}
