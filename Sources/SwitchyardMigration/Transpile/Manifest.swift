import SwitchyardCore

/// One emitted Kubernetes object and where it is written.
public struct Manifest: Sendable, Hashable, Codable {
    /// Path relative to the output directory (`wave-01/virtualmachine-web-1.yaml`).
    public var path: String
    /// The object.
    public var object: JSONValue
    /// The wave it belongs to (0 for shared prerequisites such as networks).
    public var wave: Int

    /// Makes a manifest.
    /// - Parameters:
    ///   - path: Path relative to the output directory (`wave-01/virtualmachine-web-1.yaml`).
    ///   - object: The Kubernetes object, as JSON.
    ///   - wave: The wave it belongs to (0 for shared prerequisites such as networks).
    public init(path: String, object: JSONValue, wave: Int) {
        self.path = path
        self.object = object
        self.wave = wave
    }

    /// `kind`.
    public var kind: String { object["kind"]?.stringValue ?? "" }
    /// `metadata.name`.
    public var name: String { object["metadata"]?["name"]?.stringValue ?? "" }
    /// The file's text: Terraform JSON for a `.json` path, YAML otherwise.
    public var text: String {
        path.hasSuffix(".json") ? TerraformTranspiler.text(object) : YAMLWriter.document(object)
    }

    /// `Kind/name` as findings name it.
    public var reference: String { "\(kind)/\(name)" }
}
