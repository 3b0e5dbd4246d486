import Foundation
import SwitchyardCore
import SwitchyardModels

/// The models installed by `scripts/fetch-models`, loaded once for the whole test run. Tests that need one fail
/// (they do not skip) with a message saying how to install it.
enum TestModels {
    /// Tests/SwitchyardModelsTests/Support/TestModels.swift → the repository root.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var modelsDirectory: String {
        ProcessInfo.processInfo.environment["SWITCHYARD_MODELS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? repositoryRoot.appendingPathComponent("models").path
    }

    static func require(_ file: String) throws -> String {
        let path = (modelsDirectory as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: path) else {
            throw SwitchyardError(
                code: .modelMissing,
                message: "test model \(path) is missing: run scripts/fetch-models (or set SWITCHYARD_MODELS_DIR)")
        }
        return path
    }

    /// SmolLM2 135M as a local provider with two sessions, shared by every test.
    static let smollm2: Result<LocalChatModel, any Error> = Result {
        try LocalChatModel(model: require("smollm2-135m-instruct-q4_1.gguf"), sessions: 2, contextLength: 2048)
    }

    /// all-MiniLM-L6-v2, shared by every test.
    static let miniLM: Result<LocalEmbeddingModel, any Error> = Result {
        _ = try require("all-minilm-l6-v2/model.safetensors")
        return try LocalEmbeddingModel(modelsDirectory: modelsDirectory)
    }
}
