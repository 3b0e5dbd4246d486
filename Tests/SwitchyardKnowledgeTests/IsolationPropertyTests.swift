import Foundation
import PropertyBased
import SwitchyardCore
import Testing
@testable import SwitchyardKnowledge

/// Isolation as a property: random tenants, the same texts in several tenants, updates and deletes. A query
/// never returns another tenant's chunk, and one tenant's change never changes another tenant's results —
/// ids, order and scores.
@Suite struct IsolationPropertyTests {
    static let texts = [
        "invoice totals for the quarter", "quarterly invoice review", "server migration plan",
        "migration waves and rollback", "the quarter closed with strong revenue", "rollback the server",
        "tenant isolation in retrieval", "retrieval with hybrid ranking",
    ]
    static let queries = ["invoice quarter", "server migration", "rollback", "retrieval ranking", "revenue"]

    enum Op {
        case upsert(tenant: Int, doc: Int, text: Int)
        case delete(tenant: Int, doc: Int)
    }

    static func ops(_ raw: [Int]) -> [Op] {
        stride(from: 0, to: raw.count - 2, by: 3).map { i in
            let (a, b, c) = (raw[i], raw[i + 1], raw[i + 2])
            return c % 5 == 0
                ? .delete(tenant: a % 3, doc: b % 4) : .upsert(tenant: a % 3, doc: b % 4, text: c % texts.count)
        }
    }

    typealias Snapshot = [String: [[String]]]

    /// Every tenant's results for every query and mode, as comparable strings (chunk, document, score).
    static func snapshot(_ kb: KnowledgeBase, _ tenants: [TenantID]) async throws -> Snapshot {
        var out: Snapshot = [:]
        for t in tenants {
            var perQuery: [[String]] = []
            for q in queries {
                for mode in SearchMode.all {
                    let results = try await kb.search(q, tenant: t, k: 5, mode: mode)
                    // No result belongs to another tenant: the store finds each chunk under this tenant only.
                    let own = try await kb.store.chunks(results.map(\.chunkID), tenant: t)
                    #expect(own.count == results.count, "tenant \(t) got a foreign chunk")
                    perQuery.append(results.map { "\($0.chunkID) \($0.document) \($0.score)" })
                }
            }
            out[t.rawValue] = perQuery
        }
        return out
    }

    @Test(arguments: StoreKind.allCases)
    func tenantsNeverSeeOrDisturbEachOther(kind: StoreKind) async {
        await propertyCheck(
            count: 12, input: Gen.int(in: 0...999).array(of: 9...36), Gen.int(in: 0...999).array(of: 3...3)
        ) {
            raw, names in
            do {
                let tenants = names.enumerated().map { tenant("t\($0.offset)-\($0.element)") }
                var options = KnowledgeOptions()
                options.exactSearchBelow = 3  // exercise the graph path too
                let kb = KnowledgeBase(store: try kind.make(), embedder: HashingEmbedder(), options: options)
                // Everyone starts with the same documents (identical texts in several tenants).
                for t in tenants {
                    let docs = (0..<2).map {
                        LoadedDocument(id: "doc\($0)", source: "/shared/doc\($0)", title: "", text: Self.texts[$0])
                    }
                    for d in docs { _ = try await kb.ingest(documents: [d], tenant: t) }
                }
                var before = try await Self.snapshot(kb, tenants)
                for op in Self.ops(raw) {
                    let changed: Int
                    switch op {
                    case .upsert(let ti, let doc, let text):
                        changed = ti
                        let d = LoadedDocument(
                            id: "doc\(doc)", source: "/shared/doc\(doc)", title: "", text: Self.texts[text])
                        _ = try await kb.ingest(documents: [d], tenant: tenants[ti])
                    case .delete(let ti, let doc):
                        changed = ti
                        _ = try await kb.deleteDocument("doc\(doc)", tenant: tenants[ti])
                    }
                    let after = try await Self.snapshot(kb, tenants)
                    for (i, t) in tenants.enumerated() where i != changed {
                        #expect(after[t.rawValue] == before[t.rawValue], "tenant \(t) moved after \(op)")
                    }
                    before = after
                }
            } catch {
                Issue.record("unexpected error: \(error)")
            }
        }
    }

    @Test func storeAPIsNeverCrossTenants() async throws {
        let store = InMemoryKnowledgeStore()
        let kb = KnowledgeBase(store: store, embedder: HashingEmbedder())
        let a = tenant("a"), b = tenant("b")
        let doc = LoadedDocument(id: "same", source: "/same", title: "", text: "identical words in both tenants")
        _ = try await kb.ingest(documents: [doc], tenant: a)
        _ = try await kb.ingest(documents: [doc], tenant: b)
        let aHits = try await kb.search("identical words", tenant: a, mode: .keyword)
        let bHits = try await kb.search("identical words", tenant: b, mode: .keyword)
        #expect(aHits.count == 1 && bHits.count == 1 && aHits[0].chunkID != bHits[0].chunkID)
        #expect(aHits[0].score == bHits[0].score)
        #expect(try await store.chunks([bHits[0].chunkID], tenant: a).isEmpty)
        #expect(try await kb.deleteDocument("same", tenant: a))
        #expect(try await kb.search("identical words", tenant: b, mode: .hybrid).count == 1)
    }
}
