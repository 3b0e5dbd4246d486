import Foundation
import Synchronization
import SwitchyardCore
import Testing

@Suite struct SchemaCLITests {
    func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func exitCodesAndJSONLines() throws {
        let dir = NSTemporaryDirectory() + "switchyard-schema-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let schema = try write(
            #"{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}"#, "s.json", in: dir)
        let good = try write(#"{"name":"a"}"#, "good.json", in: dir)
        let lines = try write("{\"name\":\"a\"}\n{\"name\":3}\n", "many.jsonl", in: dir)
        let badLine = try write("{\"name\":\"a\"}\n{oops\n", "bad.jsonl", in: dir)
        let badSchema = try write(#"{"type":12}"#, "bad-schema.json", in: dir)
        let cli = CLI()
        #expect(try cli.run("schema", "validate", "--schema", schema, "--instance", good, dataDir: false).status == 0)
        let many = try cli.run("schema", "validate", "--schema", schema, "--instances", lines, "--json", dataDir: false)
        #expect(many.status == 1)
        #expect(many.lines.count == 2)
        let second = try JSONValue(parsing: many.lines[1])
        #expect(second["valid"] == false)
        #expect(second["errors"]?.jsonText.contains("/name") == true)
        let malformed = try cli.run("schema", "validate", "--schema", schema, "--instances", badLine, dataDir: false)
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains(":2"))
        #expect(
            try cli.run("schema", "validate", "--schema", badSchema, "--instance", good, dataDir: false).status == 2)
        #expect(try cli.run("schema", "validate", "--schema", schema, dataDir: false).status == 2)
    }
}

/// `schema validate --ref`, the built-in meta-schemas, and `schema constrain`.
@Suite struct SchemaReferenceCLITests {
    /// The JSON Schema test suite unpacked by `scripts/fetch-schema-suite`.
    static var suite: URL {
        if let dir = ProcessInfo.processInfo.environment["SCHEMA_SUITE_DIR"] { return URL(fileURLWithPath: dir) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/schema-suite")
    }

    func run(_ arguments: [String]) throws -> CLI.Outcome {
        let (process, out, err) = CLI().process(arguments, dataDir: false)
        try process.run()
        // Read both pipes at once, so a full stderr pipe cannot block the child while stdout is read.
        let errors = Mutex(Data())
        let reader = Thread { errors.withLock { $0 = err.fileHandleForReading.readDataToEndOfFile() } }
        reader.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.005) }
        return CLI.Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: errors.withLock { $0 }, as: UTF8.self))
    }

    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "switchyard-schema-ref-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(.timeLimit(.minutes(1)))
    func refRemoteCasesPassThroughTheCLI() throws {
        let file = Self.suite.appendingPathComponent("tests/draft2020-12/refRemote.json")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record("the JSON Schema test suite is missing: run scripts/fetch-schema-suite")
            return
        }
        guard case .array(let groups) = try JSONValue(parsing: String(decoding: data, as: UTF8.self)) else {
            Issue.record("refRemote.json is not an array of groups")
            return
        }
        let dir = try temporaryDirectory()
        let remotes = Self.suite.appendingPathComponent("remotes").path
        var cases = 0
        for (g, group) in groups.enumerated() {
            guard let schema = group["schema"], case .array(let tests)? = group["tests"] else { continue }
            let schemaFile = dir + "/schema-\(g).json", instancesFile = dir + "/instances-\(g).jsonl"
            try schema.jsonText.write(toFile: schemaFile, atomically: true, encoding: .utf8)
            let lines = tests.map { ($0["data"] ?? .null).jsonText }.joined(separator: "\n")
            try lines.write(toFile: instancesFile, atomically: true, encoding: .utf8)
            let outcome = try run([
                "schema", "validate", "--schema", schemaFile, "--instances", instancesFile, "--json",
                "--ref", "http://localhost:1234/=" + remotes,
            ])
            let description = group["description"]?.stringValue ?? "group \(g)"
            #expect(outcome.status != 2, "\(description): \(outcome.stderr)")
            #expect(outcome.lines.count == tests.count, "\(description): \(outcome.stdout)")
            for (test, line) in zip(tests, outcome.lines) {
                let valid = try JSONValue(parsing: line)["valid"]
                #expect(valid == test["valid"], "\(description) / \(test["description"]?.stringValue ?? "?")")
                cases += 1
            }
        }
        #expect(cases >= 30, "refRemote.json looks truncated")
    }

    @Test(.timeLimit(.minutes(1)))
    func metaschemaAndLocalReferences() throws {
        let dir = try temporaryDirectory()
        let meta = dir + "/meta.json", tool = dir + "/tool.json", broken = dir + "/broken.json"
        try #"{"$ref":"https://json-schema.org/draft/2020-12/schema"}"#.write(
            toFile: meta, atomically: true, encoding: .utf8)
        try #"{"type":"object","properties":{"city":{"type":"string"}}}"#.write(
            toFile: tool, atomically: true, encoding: .utf8)
        try #"{"type":"objekt"}"#.write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(try run(["schema", "validate", "--schema", meta, "--instance", tool]).status == 0)
        let bad = try run(["schema", "validate", "--schema", meta, "--instance", broken, "--json"])
        #expect(bad.status == 1 && bad.stdout.contains("/type"), "\(bad.stdout)")
        // A relative $ref resolves against the schema file's URL; --ref DIR makes the files known by it.
        try FileManager.default.createDirectory(atPath: dir + "/defs", withIntermediateDirectories: true)
        try #"{"type":"string","minLength":2}"#.write(
            toFile: dir + "/defs/name.json", atomically: true, encoding: .utf8)
        let user = dir + "/user.json", instance = dir + "/u.json"
        try #"{"properties":{"name":{"$ref":"defs/name.json"}}}"#.write(toFile: user, atomically: true, encoding: .utf8)
        try #"{"name":"a"}"#.write(toFile: instance, atomically: true, encoding: .utf8)
        let invalid = try run(["schema", "validate", "--schema", user, "--instance", instance, "--ref", dir + "/defs"])
        #expect(invalid.status == 1, "\(invalid.stdout)\(invalid.stderr)")
        let unresolved = try run(["schema", "validate", "--schema", user, "--instance", instance])
        #expect(unresolved.status == 2 && unresolved.stderr.contains("cannot resolve"), "\(unresolved.stderr)")
        let missing = try run(["schema", "validate", "--schema", user, "--instance", instance, "--ref", dir + "/nope"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"), "\(missing.stderr)")
    }

    @Test(.timeLimit(.minutes(1)))
    func constrainReportsRefusalsWithPointers() throws {
        let dir = try temporaryDirectory()
        let good = dir + "/good.json", refused = dir + "/refused.json"
        try #"{"type":"object","properties":{"name":{"type":"string","pattern":"^[a-z]+$","maxLength":63}}}"#
            .write(toFile: good, atomically: true, encoding: .utf8)
        try #"{"properties":{"n":{"type":"number","multipleOf":2}}}"#.write(
            toFile: refused, atomically: true, encoding: .utf8)
        #expect(try run(["schema", "constrain", "--schema", good]).status == 0)
        let both = try run(["schema", "constrain", "--schema", good, "--schema", refused, "--json"])
        #expect(both.status == 1 && both.lines.count == 2, "\(both.stdout)\(both.stderr)")
        let second = try JSONValue(parsing: both.lines.last ?? "")
        #expect(second["compiles"] == false && second["code"] == "unsupported_schema_keyword")
        #expect(second["pointer"] == "/properties/n/multipleOf", "\(second.jsonText)")
        #expect(try run(["schema", "constrain", "--schema", dir + "/none.json"]).status == 2)
    }
}
