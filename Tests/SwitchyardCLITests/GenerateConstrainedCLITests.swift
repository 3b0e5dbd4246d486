import Foundation
import SwitchyardCore
import Testing

/// `switchyard generate` with --json-schema / --choice / --regex, run as a user would (needs the SmolLM2
/// model from scripts/fetch-models).
@Suite(.serialized) struct GenerateConstrainedCLITests {
    static var modelsDir: String {
        if let d = ProcessInfo.processInfo.environment["SWITCHYARD_MODELS_DIR"], !d.isEmpty { return d }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models").path
    }

    func generate(_ extra: [String]) throws -> CLI.Outcome {
        let args = ["generate", "--models-dir", Self.modelsDir, "--temperature", "0", "--threads", "2", "--json"]
        let (process, out, err) = CLI().process(args + extra, dataDir: false)
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "switchyard-constrained-" + UUID().uuidString + ".json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func jsonSchemaChoiceAndRegex() throws {
        let schemaText =
            #"{"type":"object","required":["city","population"],"additionalProperties":false,"properties":{"city":{"type":"string","maxLength":20},"population":{"type":"integer","minimum":0}}}"#
        let schema = try write(schemaText)
        let r = try generate([
            "--prompt", "Largest city of France as JSON?", "--max-tokens", "40", "--json-schema", schema,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let result = try #require(r.last)
        #expect(result["constraint_satisfied"] == true)
        let text = try #require(result["text"]?.stringValue)
        #expect(try JSONSchema(parsing: schemaText).isValid(try JSONValue(parsing: text)), "\(text)")

        let c = try generate(["--prompt", "Is the sky blue?", "--choice", "yes", "--choice", "no", "--max-tokens", "4"])
        #expect(c.status == 0)
        #expect(["yes", "no"].contains(c.last?["text"]?.stringValue ?? ""), "\(c.stdout)")
        #expect(c.last?["finish_reason"] == "stop")

        let x = try generate(["--prompt", "A date?", "--regex", #"\d{4}-\d{2}-\d{2}"#, "--max-tokens", "16"])
        #expect(x.status == 0)
        let date = x.last?["text"]?.stringValue ?? ""
        #expect(date.count == 10 && date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil)
    }

    @Test func badConstraintsFailBeforeGenerating() throws {
        let unsupported = try write(#"{"type":"array","uniqueItems":true}"#)
        let u = try generate(["--prompt", "x", "--json-schema", unsupported])
        #expect(u.status != 0)
        #expect(u.stderr.contains("unsupported_schema_keyword") && u.stderr.contains("/uniqueItems"), "\(u.stderr)")

        let malformed = try write("{not json")
        let m = try generate(["--prompt", "x", "--json-schema", malformed])
        #expect(m.status != 0 && m.stderr.contains("invalid_schema"), "\(m.stderr)")

        let missing = try generate(["--prompt", "x", "--json-schema", "/nonexistent/schema.json"])
        #expect(missing.status != 0 && missing.stderr.contains("file_not_found"))

        let regex = try generate(["--prompt", "x", "--regex", #"(a)\1"#])
        #expect(regex.status != 0 && regex.stderr.contains("unsupported_regex"), "\(regex.stderr)")

        let both = try generate(["--prompt", "x", "--regex", "a", "--choice", "b"])
        #expect(both.status != 0 && both.stderr.contains("exclude each other"))
    }
}
