import Foundation
import SwitchyardCore

/// Locates the all-MiniLM-L6-v2 files (installed by `scripts/fetch-embedding-model`) and the committed
/// parity fixture. Tests that need the model throw — and so fail with this message — when it is missing.
enum EmbeddingTestFiles {
    /// Tests/SwitchyardInferenceTests/Embedding/EmbeddingTestFiles.swift → the repository root.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var modelDirectory: String {
        let root =
            ProcessInfo.processInfo.environment["SWITCHYARD_MODELS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? repositoryRoot.appendingPathComponent("models").path
        return (root as NSString).appendingPathComponent("all-minilm-l6-v2")
    }

    /// The model directory, or a `model_missing` error telling how to install it.
    static func requireModel() throws -> String {
        let dir = modelDirectory
        for file in ["model.safetensors", "vocab.txt", "config.json"] {
            let path = (dir as NSString).appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path) else {
                throw SwitchyardError(
                    code: .modelMissing,
                    message: "the embedding model is missing (\(path)): run scripts/fetch-embedding-model "
                        + "(or scripts/fetch-models) before the tests, or set SWITCHYARD_MODELS_DIR")
            }
        }
        return dir
    }

    static var fixturesDirectory: URL {
        repositoryRoot.appendingPathComponent("Tests/SwitchyardInferenceTests/Fixtures/embedding")
    }
}

/// The reference fixture written by `scripts/reference/embedding_fixtures.py` (sentence-transformers).
struct EmbeddingReference: Decodable {
    struct Case: Decodable {
        var text: String
        var ids: [Int32]
        var full_length: Int
        var embedding: String

        /// The 384 reference floats (base64 of little-endian float32).
        var vector: [Float] {
            let data = Data(base64Encoded: embedding)!
            return data.withUnsafeBytes { raw in
                (0..<(raw.count / 4)).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
                }
            }
        }
    }

    var dimensions: Int
    var max_seq_length: Int
    var cases: [Case]

    static func load() throws -> EmbeddingReference {
        let url = EmbeddingTestFiles.fixturesDirectory.appendingPathComponent("minilm-reference.json")
        return try JSONDecoder().decode(EmbeddingReference.self, from: Data(contentsOf: url))
    }
}
