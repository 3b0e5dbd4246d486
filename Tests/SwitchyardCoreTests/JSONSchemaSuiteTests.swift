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
        print("required: " + SchemaSuite.tally(results).prefix(while: { $0 != "\n" }))
        #expect(results.map(\.total).reduce(0, +) > 1000, "the suite looks truncated; \(SchemaSuite.fetchHint)")
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
                    file, name: name, registry: registry, assertFormats: isFormat, skip: Self.optionalSkips[name] ?? [])
            )
        }
        let failed = results.contains { $0.passed != $0.total }
        print("optional: " + SchemaSuite.tally(results).prefix(while: { $0 != "\n" }))
        #expect(!failed, Comment(rawValue: SchemaSuite.tally(results)))
    }

    /// Optional files not run, and why.
    static let skippedFiles: [String: String] = [
        "optional/cross-draft.json":
            "only draft 2020-12 semantics are implemented; a $ref to a 2019-09/draft-7 document is evaluated as 2020-12",
        "optional/format/idn-hostname.json":
            "idn-hostname is an annotation only: IDNA2008 (RFC 5890–5893) needs Unicode tables Foundation lacks",
        "optional/format/idn-email.json": "idn-email is an annotation only, for the same reason as idn-hostname",
    ]

    /// Optional groups ("group") or cases ("group / case") not run, and why.
    static let optionalSkips: [String: Set<String>] = [:]
}
