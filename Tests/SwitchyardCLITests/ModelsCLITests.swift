import Foundation
import SwitchyardCore
import SwitchyardTesting
import Testing

/// `switchyard models list` as a user runs it.
@Suite struct ModelsCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let modelsDir = root.appendingPathComponent("models").path

    func writeConfig(_ yaml: String) throws -> String {
        let path = NSTemporaryDirectory() + "switchyard-models-\(UUID().uuidString).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func listsADeadPortAsDownAndTheLocalModelAsAnswering() throws {
        let path = try writeConfig(
            """
            providers:
              dead: {kind: openai, base_url: "http://127.0.0.1:9/v1"}
              engine: {kind: local, models_dir: "\(Self.modelsDir)"}
            models:
              - {name: remote, provider: dead, model: gpt-x, context: 128000, price: {input: 0.15, output: 0.6},
                 capabilities: [chat, tools], tags: [cheap]}
              - {name: tiny, provider: engine, model: smollm2, context: 8192, tags: [local]}
            """)
        let outcome = try CLI().run("models", "list", "--config", path, "--timeout", "2", "--json", dataDir: false)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let models = try #require(outcome.last?["models"]?.items)
        #expect(models.count == 2)
        let remote = models[0]
        #expect(remote["name"] == "remote")
        #expect(remote["provider"] == "dead")
        #expect(remote["upstream"] == "gpt-x")
        #expect(remote["context"]?.intValue == 128000)
        #expect(remote["price"]?["output"] == .double(0.6))
        #expect(remote["capabilities"] == ["chat", "tools"])
        #expect(remote["tags"] == ["cheap"])
        #expect(remote["answers"] == false)
        #expect(models[1]["name"] == "tiny")
        #expect(models[1]["answers"] == true, "\(models[1]["probe"]?.stringValue ?? "")")
        // The text form names the dead one as down.
        let text = try CLI().run("models", "list", "--config", path, "--timeout", "2", dataDir: false)
        #expect(text.status == 0)
        #expect(text.lines.contains { $0.hasPrefix("remote") && $0.contains("DOWN") })
        #expect(text.lines.contains { $0.hasPrefix("tiny") && $0.contains("answers") })
    }

    @Test func aLiveServerAnswers() async throws {
        try await FakeOpenAIServer.run { base, _ in
            let path = try writeConfig(
                """
                providers:
                  fake: {kind: openai, base_url: "\(base)"}
                models:
                  - {name: live, provider: fake}
                """)
            let outcome = try CLI().run("models", "list", "--config", path, "--json", dataDir: false)
            #expect(outcome.last?["models"]?.items?.first?["answers"] == true)
        }
    }

    @Test func withoutAConfigFileShowsTheEmbeddedDefault() throws {
        let outcome = try CLI().run("models", "list", "--json", dataDir: false)
        #expect(outcome.status == 0)
        #expect(outcome.last?["config"] == "embedded default")
        let names = outcome.last?["models"]?.items?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["smollm2", "minilm"])
    }

    @Test func aMissingExplicitConfigIsAnError() throws {
        let outcome = try CLI().run(
            "models", "list", "--config", "/nonexistent/switchyard.yaml", "--json", dataDir: false)
        #expect(outcome.status != 0)
        #expect(outcome.last?["error"]?["code"] == "config_not_found")
    }
}

extension JSONValue {
    /// The elements of an array value.
    fileprivate var items: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}
