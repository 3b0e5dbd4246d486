import Foundation
import SwitchyardCore

/// Maps model names to GGUF files. Short names (`smollm2`, `gemma3-270m`) resolve inside the models
/// directory (`--models-dir`, else env `SWITCHYARD_MODELS_DIR`, else `models/`); anything else is a path.
public enum ModelLocator {
    /// Short name → file name inside the models directory (installed by `scripts/fetch-models`).
    public static let shortNames: [String: String] = [
        "smollm2": "smollm2-135m-instruct-q4_1.gguf",
        "gemma3-270m": "gemma-3-270m-q4_k_m.gguf",
    ]

    /// The models directory for an optional explicit value.
    ///
    /// - Parameter explicit: A directory given on the command line or in configuration.
    public static func modelsDirectory(_ explicit: String? = nil) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = ProcessInfo.processInfo.environment["SWITCHYARD_MODELS_DIR"], !env.isEmpty { return env }
        return "models"
    }

    /// The GGUF path for `nameOrPath`; throws `model_not_found` with what to do.
    ///
    /// - Parameters:
    ///   - nameOrPath: A short name or a path.
    ///   - modelsDir: Where short names are looked up.
    /// - Throws: `SwitchyardError` with code `model_not_found`.
    public static func resolve(_ nameOrPath: String, modelsDir: String? = nil) throws -> String {
        let fm = FileManager.default
        if let file = shortNames[nameOrPath] {
            let dir = modelsDirectory(modelsDir)
            let path = (dir as NSString).appendingPathComponent(file)
            guard fm.fileExists(atPath: path) else {
                throw SwitchyardError(
                    code: .modelNotFound,
                    message: "model '\(nameOrPath)' is not installed (expected \(path)); run scripts/fetch-models "
                        + "or pass --models-dir / SWITCHYARD_MODELS_DIR.")
            }
            return path
        }
        guard fm.fileExists(atPath: nameOrPath) else {
            let names = shortNames.keys.sorted().joined(separator: ", ")
            throw SwitchyardError(
                code: .modelNotFound,
                message: "no model named '\(nameOrPath)': use one of \(names) or the path of a .gguf file.")
        }
        return nameOrPath
    }
}
