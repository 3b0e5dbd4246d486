import Foundation
import SwitchyardCore
import SwitchyardStorage
import Testing
@testable import SwitchyardKnowledge

@Suite struct KnowledgeBaseTests {
    let dir = temporaryDirectory()
    let t = tenant("acme")

    static let guide = """
        # Deploy guide

        Switchyard ships as one binary. Copy it to the server.

        ## Rollback

        To roll back, stop the workers and restore the previous binary from the artifacts bucket.
        """

    @Test(arguments: StoreKind.allCases)
    func ingestAndKeywordSearchCiteExactSpans(kind: StoreKind) async throws {
        let kb = KnowledgeBase(store: try kind.make(), options: smallChunks())
        let path = write(Self.guide, to: "guide.md", in: dir)
        let report = try await kb.ingest(paths: [path], tenant: t)
        #expect(report.count("added") == 1 && report.embedded == false)
        let results = try await kb.search("restore previous binary", tenant: t, k: 3, mode: .keyword)
        let top = try #require(results.first)
        #expect(top.source == DocumentLoader.canonical(path))
        #expect(top.text.contains("restore the previous binary"))
        #expect(top.headingPath == ["Deploy guide", "Rollback"])
        let scalars = Array(Self.guide.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[top.start..<top.end])) == top.text)
        #expect(top.score > 0)
        // Vector search without a model says what to do.
        #expect(await errorCode { _ = try await kb.search("x", tenant: t, mode: .vector) } == .embedderUnavailable)
    }

    @Test(arguments: StoreKind.allCases)
    func reingestKeepsUnchangedReplacesChangedAndDedups(kind: StoreKind) async throws {
        let kb = KnowledgeBase(store: try kind.make(), embedder: HashingEmbedder(), options: smallChunks())
        let path = write("Alpha team notes about kiwis.", to: "a.txt", in: dir)
        _ = try await kb.ingest(paths: [path], tenant: t)
        var report = try await kb.ingest(paths: [path], tenant: t)
        #expect(report.count("unchanged") == 1)
        write("Alpha team notes about mangos.", to: "a.txt", in: dir)
        report = try await kb.ingest(paths: [path], tenant: t)
        #expect(report.count("updated") == 1)
        #expect(try await kb.search("kiwis", tenant: t, mode: .keyword).isEmpty)
        #expect(try await kb.search("mangos", tenant: t, mode: .keyword).count == 1)
        #expect(try await kb.search("mangos", tenant: t, mode: .vector).count == 1)
        // The same content under another name is not stored twice.
        let copy = write("Alpha team notes about mangos.", to: "copy.txt", in: dir)
        report = try await kb.ingest(paths: [copy], tenant: t)
        #expect(report.count("duplicate") == 1 && report.entries[0].duplicateOf == DocumentLoader.canonical(path))
        #expect(try await kb.documents(tenant: t).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func jsonlSourceReplacesRemovedRecordsAndDeleteWorks(kind: StoreKind) async throws {
        let kb = KnowledgeBase(store: try kind.make(), embedder: HashingEmbedder())
        let path = write(
            "{\"_id\":\"1\",\"text\":\"red apples\"}\n{\"_id\":\"2\",\"text\":\"green pears\"}\n", to: "c.jsonl",
            in: dir)
        _ = try await kb.ingest(paths: [path], tenant: t)
        #expect(try await kb.documents(tenant: t).count == 2)
        write("{\"_id\":\"1\",\"text\":\"red apples\"}\n", to: "c.jsonl", in: dir)
        let report = try await kb.ingest(paths: [path], tenant: t)
        #expect(report.removedDocuments == 1 && report.count("unchanged") == 1)
        #expect(try await kb.search("pears", tenant: t, mode: .keyword).isEmpty)
        #expect(try await kb.search("pears", tenant: t, mode: .hybrid).map(\.text) == ["red apples"])
        let id = DocumentLoader.canonical(path) + "#1"
        #expect(try await kb.deleteDocument(id, tenant: t))
        #expect(try await !kb.deleteDocument(id, tenant: t))
        #expect(try await kb.documents(tenant: t).isEmpty)
        #expect(try await kb.search("apples", tenant: t, mode: .vector).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func failedIngestChangesNothing(kind: StoreKind) async throws {
        let store = try kind.make()
        let kb = KnowledgeBase(store: store, embedder: HashingEmbedder())
        let good = write("fine text", to: "good.md", in: dir)
        let bad = write("{\"text\": \"x\"}\n{broken\n", to: "bad.jsonl", in: dir)
        #expect(await errorCode { _ = try await kb.ingest(paths: [good, bad], tenant: t) } == .malformedJSON)
        #expect(
            await errorCode { _ = try await kb.ingest(paths: [good, dir + "/nope.md"], tenant: t) } == .fileNotFound)
        #expect(try await kb.documents(tenant: t).isEmpty)
        #expect(try await store.generation(tenant: t) == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func vectorHybridAndFilters(kind: StoreKind) async throws {
        let kb = KnowledgeBase(store: try kind.make(), embedder: HashingEmbedder())
        write("# Cats\n\nCats purr and sleep in the sun.", to: "cats.md", in: dir)
        write("Dogs bark at the mail carrier.", to: "dogs.txt", in: dir)
        write("<h1>Birds</h1><p>Birds sing at dawn.</p>", to: "birds.html", in: dir)
        _ = try await kb.ingest(paths: [dir], tenant: t)
        let vector = try await kb.search("cats purr sleep sun", tenant: t, k: 3, mode: .vector)
        #expect(vector.first?.title == "Cats")
        #expect(vector.first.map { $0.score > 0.5 } == true)
        let hybrid = try await kb.search("dogs bark", tenant: t, k: 3, mode: .hybrid)
        #expect(hybrid.first?.text == "Dogs bark at the mail carrier.")
        #expect(abs(hybrid[0].score - 2.0 / 61) < 1e-12)  // first in both lists
        let filtered = try await kb.search(
            "sing bark purr", tenant: t, k: 5, mode: .keyword, filter: SearchFilter(["type": "html"]))
        #expect(filtered.map(\.title) == ["Birds"])
        let none = try await kb.search("purr", tenant: t, mode: .hybrid, filter: SearchFilter(["type": "pdf"]))
        #expect(none.isEmpty)
    }

    @Test func sqliteVectorIndexPersistsAndReloads() async throws {
        let dataDir = temporaryDirectory()
        var expected: [SearchResult] = []
        do {
            let kb = KnowledgeBase(store: try SQLiteStore(directory: dataDir), embedder: HashingEmbedder())
            for i in 0..<30 { write("Document \(i) mentions topic\(i % 7) and item\(i).", to: "d\(i).txt", in: dir) }
            _ = try await kb.ingest(paths: [dir], tenant: t)
            expected = try await kb.search("topic3 item10", tenant: t, k: 5, mode: .vector)
        }
        let store = try SQLiteStore(directory: dataDir)
        let persisted = try #require(try await store.vectorIndex(tenant: t))
        #expect(persisted.generation == (try await store.generation(tenant: t)))
        #expect(persisted.model == "test-hashing-64")
        let reopened = KnowledgeBase(store: store, embedder: HashingEmbedder())
        #expect(try await reopened.search("topic3 item10", tenant: t, k: 5, mode: .vector) == expected)
    }

    @Test(arguments: StoreKind.allCases)
    func keywordOnlyIngestIsBackfilledByAVectorSearch(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await KnowledgeBase(store: store).ingest(
            paths: [write("Quarterly revenue grew.", to: "r.md", in: dir)], tenant: t)
        let kb = KnowledgeBase(store: store, embedder: HashingEmbedder())
        let hits = try await kb.search("quarterly revenue", tenant: t, mode: .vector)
        #expect(hits.count == 1)
        #expect(try await store.chunksWithoutVectors(model: "test-hashing-64", limit: 10, tenant: t).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func keywordScoresMatchHandComputedBM25(kind: StoreKind) async throws {
        // Record texts whose indexed text (record id as title + text) gives the lengths of KeywordTests.postings.
        let kb = KnowledgeBase(store: try kind.make())
        let docs = [("c1", "apple banana"), ("c2", "apple apple cherry"), ("c3", "banana date")].map {
            LoadedDocument(id: $0.0, source: "/bm25", title: "", text: $0.1)
        }
        _ = try await kb.ingest(documents: docs, tenant: t)
        let hits = try await kb.search("apple cherry", tenant: t, k: 3, mode: .keyword)
        #expect(hits.map(\.document) == ["c2", "c1"])
        #expect(abs(hits[0].score - 1.525230045189443) < 1e-12)
        #expect(abs(hits[1].score - 0.483079464371583) < 1e-12)
    }

    @Test func batchIngestEmbedsAcrossDocumentsInModelBatches() async throws {
        let embedder = RecordingEmbedder()
        var options = KnowledgeOptions()
        options.embedBatch = 4
        let kb = KnowledgeBase(store: InMemoryKnowledgeStore(), embedder: embedder, options: options)
        let docs = (0..<10).map {
            LoadedDocument(id: "r\($0)", source: "/corpus.jsonl", title: "", text: "record \($0)")
        }
        let seen = Counter()
        let report = try await kb.ingest(documents: docs, tenant: t) { seen.record($0.completed, $0.total) }
        #expect(report.count("added") == 10 && report.chunks == 10 && report.embedded)
        #expect(embedder.batches() == [4, 4, 2])
        #expect(seen.last() == [10, 10])
    }

    func smallChunks() -> KnowledgeOptions {
        var o = KnowledgeOptions()
        o.chunker = Chunker(maxTokens: 24, overlapTokens: 4, minimumTokens: 4)
        return o
    }
}
