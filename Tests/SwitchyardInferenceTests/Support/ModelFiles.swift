import Foundation
import SwitchyardCore

/// Locates the model files installed by `scripts/fetch-models`. Tests that need a model fail with a clear
/// message (they do not skip) when it is missing.
enum ModelFiles {
    static var modelsDir: String {
        if let d = ProcessInfo.processInfo.environment["SWITCHYARD_MODELS_DIR"], !d.isEmpty { return d }
        // Tests/SwitchyardInferenceTests/Support/ModelFiles.swift -> repo root
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("models").path
    }

    static let smollm2 = "smollm2-135m-instruct-q4_1.gguf"
    static let gemma3 = "gemma-3-270m-q4_k_m.gguf"

    static func path(_ file: String) throws -> String {
        let p = (modelsDir as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: p) else {
            throw SwitchyardError(
                code: .modelMissing,
                message:
                    "test model \(p) is missing: run scripts/fetch-models before the tests (or set SWITCHYARD_MODELS_DIR)."
            )
        }
        return p
    }

    static var fixturesDir: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").path
    }
}
