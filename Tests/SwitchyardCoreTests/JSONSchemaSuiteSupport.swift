import Foundation
import SwitchyardCore

/// The JSON-Schema-Test-Suite as unpacked by `scripts/fetch-schema-suite` into `.build/schema-suite/`.
enum SchemaSuite {
    static let fetchHint = "the JSON Schema test suite is missing: run scripts/fetch-schema-suite"

    /// `.build/schema-suite` of this checkout, or `SCHEMA_SUITE_DIR`.
    static var root: URL {
        if let dir = ProcessInfo.processInfo.environment["SCHEMA_SUITE_DIR"] { return URL(fileURLWithPath: dir) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/schema-suite")
    }

    static var testsDirectory: URL { root.appendingPathComponent("tests/draft2020-12") }

    /// `*.json` files directly in `folder` (relative to tests/draft2020-12), sorted; `nil` when the folder is absent.
    static func files(in folder: String) -> [URL]? {
        let dir = folder.isEmpty ? testsDirectory : testsDirectory.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return nil }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// Remotes served as `http://localhost:1234/…` and the 2020-12 metaschemas under their `$id`s.
    static func registry() throws -> SchemaRegistry {
        var registry = SchemaRegistry()
        let fm = FileManager.default
        let remotes = root.appendingPathComponent("remotes")
        for case let path as String in fm.enumerator(atPath: remotes.path) ?? NSEnumerator()
        where path.hasSuffix(".json") {
            let document = try load(remotes.appendingPathComponent(path))
            try registry.register(document, uri: "http://localhost:1234/" + path)
        }
        let metaschemas = root.appendingPathComponent("metaschemas/draft2020-12")
        for case let path as String in fm.enumerator(atPath: metaschemas.path) ?? NSEnumerator() {
            var isDirectory: ObjCBool = false
            let url = metaschemas.appendingPathComponent(path)
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            try registry.register(try load(url))
        }
        return registry
    }

    static func load(_ url: URL) throws -> JSONValue {
        try JSONValue(parsing: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// One file's outcome: how many cases passed, and a line for each that did not.
    struct FileResult {
        var name: String
        var passed = 0
        var total = 0
        var failures: [String] = []
    }

    /// Runs every case of a suite file; `assertFormats` turns format assertion on (optional/format).
    static func run(
        _ url: URL, name: String, registry: SchemaRegistry, assertFormats: Bool, skip: Set<String> = []
    )
        throws -> FileResult
    {
        var result = FileResult(name: name)
        guard case .array(let groups) = try load(url) else { return result }
        for group in groups {
            let groupName = group["description"]?.stringValue ?? "?"
            guard case .array(let tests) = group["tests"] ?? .null, let schemaValue = group["schema"] else { continue }
            if skip.contains(groupName) { continue }
            let schema: JSONSchema?
            var compileError = ""
            do {
                schema = try JSONSchema(
                    schemaValue, options: .init(assertFormats: assertFormats, registry: registry))
            } catch {
                schema = nil
                compileError = "\(error)"
            }
            for test in tests {
                let testName = test["description"]?.stringValue ?? "?"
                if skip.contains("\(groupName) / \(testName)") { continue }
                result.total += 1
                guard let schema else {
                    result.failures.append("\(groupName) / \(testName): schema did not compile: \(compileError)")
                    continue
                }
                let instance = test["data"] ?? .null
                let expected = test["valid"]?.boolValue ?? false
                let quick = schema.isValid(instance)
                let errors = schema.validate(instance)
                if quick == expected && errors.isEmpty == expected {
                    result.passed += 1
                } else {
                    result.failures.append(
                        "\(groupName) / \(testName): expected \(expected ? "valid" : "invalid"), isValid=\(quick), errors=\(errors.map(\.description))"
                    )
                }
            }
        }
        return result
    }

    /// A table of `passed/total` per file, then each failing case.
    static func tally(_ results: [FileResult]) -> String {
        let passed = results.map(\.passed).reduce(0, +)
        let total = results.map(\.total).reduce(0, +)
        var lines = ["JSON Schema suite: \(passed)/\(total) cases pass"]
        for r in results {
            lines.append("  \(r.passed == r.total ? "ok  " : "FAIL") \(r.name): \(r.passed)/\(r.total)")
        }
        for r in results where !r.failures.isEmpty {
            lines.append("\(r.name):")
            lines += r.failures.map { "    - " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
