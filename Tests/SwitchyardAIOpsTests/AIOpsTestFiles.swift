import Foundation

/// Temporary input files for the AIOps tests.
enum AIOpsTestFiles {
    /// Writes `text` to a fresh file named `name` under the temporary directory and returns its path.
    static func write(_ text: String, name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiops-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
        return url.path
    }

    /// The repository's KEDA ScaledObject schema (`../shared/datasets/crd-schemas`), when present.
    static var kedaSchema: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent(
            "shared/datasets/crd-schemas/keda.sh/scaledobject_v1alpha1.json"
        ).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
