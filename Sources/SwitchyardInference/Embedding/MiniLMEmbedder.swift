import Dispatch
import Foundation
import SwitchyardCore

/// A sentence embedder for all-MiniLM-L6-v2 (sentence-transformers), run by the pure-Swift BERT encoder.
///
/// Load once from the model directory installed by `scripts/fetch-embedding-model`
/// (`models/all-minilm-l6-v2`: `model.safetensors`, `vocab.txt`, `config.json`, …) and share: the type is
/// `Sendable`, and concurrent calls are served one batch at a time on the embedder's own queue, off the
/// Swift concurrency pool. Texts longer than the model's limit (256 word pieces including `[CLS]`/`[SEP]`)
/// are truncated; `embedDetailed` reports how much was cut.
///
/// ```swift
/// let embedder = try MiniLMEmbedder(directory: "models/all-minilm-l6-v2")
/// let vectors = try await embedder.embed(["A man is eating food.", "A man is eating bread."])
/// // vectors[0].count == embedder.dimensions == 384; unit length, so a dot product is a cosine.
/// ```
public final class MiniLMEmbedder: Sendable {
    /// Folder name of the model under the models directory.
    public static let modelName = "all-minilm-l6-v2"

    /// The model directory to load: `modelsDirectory/all-minilm-l6-v2`, where `modelsDirectory` defaults to
    /// env `SWITCHYARD_MODELS_DIR`, else `models`. A `modelsDirectory` that itself holds `model.safetensors`
    /// is taken as the model directory.
    ///
    /// - Parameter modelsDirectory: The models directory, or the model directory itself.
    public static func directory(modelsDirectory: String? = nil) -> String {
        let environment = ProcessInfo.processInfo.environment["SWITCHYARD_MODELS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let root = modelsDirectory ?? environment ?? "models"
        if FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent("model.safetensors")) {
            return root
        }
        return (root as NSString).appendingPathComponent(modelName)
    }

    /// Length of every embedding (384).
    public let dimensions: Int
    /// The tokenizer (its `maximumLength` is the truncation limit).
    public let tokenizer: WordPieceTokenizer
    /// How forward passes run.
    public let options: Options
    private let encoder: BertEncoder
    private let queue = DispatchQueue(label: "switchyard.embedding")

    /// Loads the model in `directory`. Throws `model_missing` (with the command that installs it) when the
    /// files are absent, and `safetensors_*` / `model_*` errors when they are corrupt or unsupported.
    ///
    /// - Parameters:
    ///   - directory: Holds `config.json`, `model.safetensors` and `vocab.txt`.
    ///   - options: Threads and batch size.
    /// - Throws: `SwitchyardError`: `model_missing`, `safetensors_*`, `model_*`.
    public init(directory: String, options: Options = Options()) throws {
        let fm = FileManager.default
        func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        for required in ["model.safetensors", "vocab.txt", "config.json"] where !fm.fileExists(atPath: file(required)) {
            throw SwitchyardError(
                code: .modelMissing,
                message: "the embedding model is not installed: \(file(required)) is missing. Run scripts/fetch-models "
                    + "(or scripts/fetch-embedding-model) to install it, or point --models-dir / "
                    + "SWITCHYARD_MODELS_DIR at the folder holding all-minilm-l6-v2/.")
        }
        let configuration = try BertConfiguration(contentsOf: file("config.json"))
        try Self.checkPooling(directory: directory)
        let limit = min(try Self.maximumSequenceLength(directory: directory) ?? 256, configuration.maximumPositions)
        tokenizer = try WordPieceTokenizer(vocabularyFile: file("vocab.txt"), maximumLength: limit)
        guard tokenizer.vocabulary.count <= configuration.vocabularySize else {
            throw SwitchyardError(
                code: .modelConfigInvalid,
                message:
                    "\(directory): vocab.txt has \(tokenizer.vocabulary.count) tokens but the model only \(configuration.vocabularySize)"
            )
        }
        let weights = try BertWeights(
            file: SafetensorsFile(path: file("model.safetensors")), configuration: configuration)
        encoder = BertEncoder(configuration: configuration, weights: weights)
        dimensions = configuration.hiddenSize
        self.options = options
    }

    /// The embedding of each text, in order (unit length, `dimensions` floats each).
    ///
    /// - Parameter texts: The texts.
    /// - Throws: `CancellationError` when the task is cancelled.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await embedDetailed(texts).map(\.vector)
    }

    /// Embeddings with token counts and truncation, in input order. Cancellation is checked between batches.
    ///
    /// - Parameter texts: The texts.
    /// - Throws: `CancellationError` when the task is cancelled.
    public func embedDetailed(_ texts: [String]) async throws -> [SentenceEmbedding] {
        if texts.isEmpty { return [] }
        let tokenizer = tokenizer
        let encodings = await onQueue { texts.map { tokenizer.encode($0) } }
        // Longest first (as sentence-transformers), so each batch holds similar lengths.
        let order = encodings.indices.sorted { encodings[$0].ids.count > encodings[$1].ids.count }
        var vectors = [[Float]](repeating: [], count: texts.count)
        var next = 0
        while next < order.count {
            try Task.checkCancellation()
            let chunk = Array(order[next..<min(order.count, next + options.batchSize)])
            let batch = chunk.map { encodings[$0].ids }
            let encoder = encoder, parallel = EmbeddingParallel(threads: options.threads)
            let result = await onQueue { encoder.embed(batch, parallel: parallel) }
            for (i, vector) in zip(chunk, result) { vectors[i] = vector }
            next += chunk.count
        }
        return zip(vectors, encodings).map { vector, encoding in
            SentenceEmbedding(
                vector: vector, tokenCount: encoding.ids.count, truncatedTokenCount: encoding.truncatedTokenCount)
        }
    }

    /// Embeds already-tokenized sequences synchronously on the calling thread, one forward pass per
    /// `batchSize` sequences (for benchmarks and callers with their own threads).
    ///
    /// - Parameter encodings: Tokenized texts.
    public func embedBlocking(_ encodings: [WordPieceEncoding]) -> [[Float]] {
        let parallel = EmbeddingParallel(threads: options.threads)
        var out: [[Float]] = []
        out.reserveCapacity(encodings.count)
        var next = 0
        while next < encodings.count {
            let end = min(encodings.count, next + options.batchSize)
            out += encoder.embed(encodings[next..<end].map(\.ids), parallel: parallel)
            next = end
        }
        return out
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    /// `1_Pooling/config.json`, when present, must ask for mean pooling only.
    private static func checkPooling(directory: String) throws {
        let path = (directory as NSString).appendingPathComponent("1_Pooling/config.json")
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return }
        let modes = object.filter { $0.key.hasPrefix("pooling_mode_") && ($0.value as? Bool) == true }.map(\.key)
        guard modes == ["pooling_mode_mean_tokens"] else {
            throw SwitchyardError(
                code: .modelUnsupported, message: "\(path): pooling \(modes) is not supported (mean pooling only)")
        }
    }

    /// `max_seq_length` from `sentence_bert_config.json`, when present.
    private static func maximumSequenceLength(directory: String) throws -> Int? {
        let path = (directory as NSString).appendingPathComponent("sentence_bert_config.json")
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["max_seq_length"] as? Int
    }
}
