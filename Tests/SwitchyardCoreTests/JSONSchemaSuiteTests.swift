import Foundation
import SwitchyardCore
import Testing

/// The official JSON-Schema-Test-Suite (draft 2020-12), fetched by `scripts/fetch-schema-suite`.
///
/// Required: every file in tests/draft2020-12 must pass completely. Optional: the files below run with the
/// listed exceptions (`optionalSkips`); formats run with format assertion on.
@Suite("JSONSchema conformance suite")
struct JSONSchemaSuiteTests {
    @Test("every required draft 2020-12 case passes")
    func required() throws {
        guard let files = SchemaSuite.files(in: "") else {
            Issue.record(Comment(rawValue: SchemaSuite.fetchHint))
            return
        }
        #expect(files.count > 40, "expected the whole suite; \(SchemaSuite.fetchHint)")
        let registry = try SchemaSuite.registry()
        let results = try files.map {
            try SchemaSuite.run($0, name: $0.lastPathComponent, registry: registry, assertFormats: false)
        }
        let failed = results.contains { $0.passed != $0.total }
        #expect(!failed, Comment(rawValue: SchemaSuite.tally(results)))
    }

    @Test("supported optional draft 2020-12 cases pass")
    func optional() throws {
        guard let general = SchemaSuite.files(in: "optional"), let formats = SchemaSuite.files(in: "optional/format")
        else {
            Issue.record(Comment(rawValue: SchemaSuite.fetchHint))
            return
        }
        let registry = try SchemaSuite.registry()
        var results: [SchemaSuite.FileResult] = []
        for file in general + formats {
            let isFormat = file.deletingLastPathComponent().lastPathComponent == "format"
            let name = (isFormat ? "optional/format/" : "optional/") + file.lastPathComponent
            if Self.skippedFiles[name] != nil { continue }
            results.append(
                try SchemaSuite.run(
                    file, name: name, registry: registry, assertFormats: isFormat, skip: Self.optionalSkips[name] ?? []))
        }
        let failed = results.contains { $0.passed != $0.total }
        #expect(!failed, Comment(rawValue: SchemaSuite.tally(results)))
    }

    /// Optional files not run, and why.
    static let skippedFiles: [String: String] = [:]

    /// Optional groups ("group") or cases ("group / case") not run, and why.
    static let optionalSkips: [String: Set<String>] = [:]
}
