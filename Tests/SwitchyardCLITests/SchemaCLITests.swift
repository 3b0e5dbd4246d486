import Foundation
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
        let schema = try write(#"{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}"#, "s.json", in: dir)
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
        #expect(try cli.run("schema", "validate", "--schema", badSchema, "--instance", good, dataDir: false).status == 2)
        #expect(try cli.run("schema", "validate", "--schema", schema, dataDir: false).status == 2)
    }
}
