import Foundation
import SwitchyardCore

/// Loads the documents `switchyard schema validate --ref` names into a `SchemaRegistry`.
enum SchemaReferences {
    /// A registry holding every document of `specs`: `FILE`, `DIR` (its `*.json` files, recursively) or
    /// `URI=FILE|DIR`. Each document is known by its file URL and its `$id`; with a URI, also by the URI (a
    /// directory's files by the URI followed by their path below it).
    /// - Throws: `file_not_found` for a missing path, `invalid_json` for a file that is not JSON.
    static func registry(_ specs: [String]) throws -> SchemaRegistry {
        var registry = SchemaRegistry()
        for spec in specs {
            let (base, path) = split(spec)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SwitchyardError(
                    code: .fileNotFound,
                    message: "--ref \(path.quotedExcerpt()): no such file or directory; give FILE, DIR or URI=FILE|DIR")
            }
            if isDirectory.boolValue {
                let files = (FileManager.default.subpaths(atPath: path) ?? []).filter { $0.hasSuffix(".json") }.sorted()
                for relative in files {
                    let file = (path as NSString).appendingPathComponent(relative)
                    try register(file, as: base.map { $0 + relative }, into: &registry)
                }
            } else {
                try register(path, as: base, into: &registry)
            }
        }
        return registry
    }

    /// `URI=PATH` split at the first `=` when what precedes it is a URI with a scheme, else `(nil, spec)`.
    private static func split(_ spec: String) -> (String?, String) {
        guard let equals = spec.firstIndex(of: "=") else { return (nil, spec) }
        let uri = String(spec[..<equals])
        guard let colon = uri.firstIndex(of: ":"), uri.distance(from: uri.startIndex, to: colon) > 1 else {
            return (nil, spec)
        }
        return (uri, String(spec[spec.index(after: equals)...]))
    }

    private static func register(_ file: String, as uri: String?, into registry: inout SchemaRegistry) throws {
        let document = try JSONFile.parse(try JSONFile.read(file, role: "--ref"), file: file)
        try registry.register(document, uri: fileURL(file))
        if let uri { try registry.register(document, uri: uri) }
        if document["$id"]?.stringValue != nil { try registry.register(document) }
    }

    /// The absolute `file://` URL of a path, the base URI of a schema read from it.
    static func fileURL(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.absoluteString
    }
}
