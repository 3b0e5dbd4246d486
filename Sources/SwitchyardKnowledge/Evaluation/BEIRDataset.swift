import Foundation
import SwitchyardCore

/// A BEIR-layout data set (Thakur et al. 2021): `corpus.jsonl` (`_id`, `title`, `text`), `queries.jsonl`
/// (`_id`, `text`) and `qrels/<split>.tsv` (or `qrels-<split>.tsv`; `query-id  corpus-id  score`, with a header). For bench/scifact.
public struct BEIRDataset: Sendable {
    /// Corpus records as documents (one source: the corpus file), ready for ``KnowledgeBase/ingest(documents:tenant:progress:)``.
    public var corpus: [LoadedDocument]
    /// Query id → text, for the queries judged in the split.
    public var queries: [String: String]
    /// Query id → (corpus id → relevance).
    public var qrels: [String: [String: Int]]

    /// Loads `directory` with the judgements of `split` (`test`).
    ///
    /// - Parameters:
    ///   - directory: The data set's directory (`corpus.jsonl`, `queries.jsonl`, `qrels/`).
    ///   - split: Which judgements to read.
    /// - Throws: `SwitchyardError`: `file_not_found` without qrels, `malformed_qrels`, or a loader's error for the
    ///   corpus and queries.
    public init(directory: String, split: String = "test") throws {
        let corpusPath = directory + "/corpus.jsonl"
        corpus = try DocumentLoader().load(file: corpusPath)
        var qrels: [String: [String: Int]] = [:]
        // BEIR's layout is qrels/<split>.tsv; flattened copies use qrels-<split>.tsv.
        let candidates = ["\(directory)/qrels/\(split).tsv", "\(directory)/qrels-\(split).tsv"]
        guard let qrelsPath = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
            let tsv = FileManager.default.contents(atPath: qrelsPath)
        else {
            throw SwitchyardError(
                code: .fileNotFound, message: "no qrels at \(candidates.joined(separator: " or "))")
        }
        for (n, line) in String(decoding: tsv, as: UTF8.self).split(separator: "\n").enumerated() {
            let f = line.split(separator: "\t").map { $0.trimmingCharacters(in: " \r") }
            guard f.count >= 3, let score = Int(f[2]) else {
                if n == 0 { continue }  // header
                throw SwitchyardError(
                    code: .malformedQrels, message: "\(qrelsPath) line \(n + 1): expected 3 columns")
            }
            qrels[f[0], default: [:]][f[1]] = score
        }
        self.qrels = qrels
        var queries: [String: String] = [:]
        for q in try DocumentLoader().load(file: directory + "/queries.jsonl") {
            let id = q.metadata["id"] ?? q.id
            if qrels[id] != nil { queries[id] = q.text }
        }
        self.queries = queries
    }

    /// The corpus id (`_id`) of a document ingested from the corpus.
    ///
    /// - Parameter document: The knowledge base's document id (`path#_id`).
    public static func corpusID(ofDocument document: String) -> String {
        document.split(separator: "#", omittingEmptySubsequences: false).last.map(String.init) ?? document
    }

    /// Document ids ranked by their best chunk, from chunk results (best first).
    ///
    /// - Parameter results: Search results, best first.
    public static func rankedDocuments(_ results: [SearchResult]) -> [String] {
        var seen: Set<String> = []
        return results.map { corpusID(ofDocument: $0.document) }.filter { seen.insert($0).inserted }
    }
}
