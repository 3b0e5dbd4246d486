import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardInference

@Suite("Embedding: JSONL input")
struct EmbeddingInputFileTests {
    func parse(_ text: String) throws -> [String] {
        try EmbeddingInputFile.texts(fromJSONLines: Data(text.utf8), name: "in.jsonl")
    }

    @Test func readsTextsInOrderSkippingBlankLines() throws {
        #expect(try parse("{\"text\":\"a\"}\n\n{\"text\":\"b\",\"id\":7}\r\n{\"text\":\"\"}\n") == ["a", "b", ""])
        #expect(try parse("") == [])
    }

    @Test func reportsEveryBadLineByNumber() {
        do {
            _ = try parse("{\"text\":\"ok\"}\n{\"text\":3}\nnot json\n[1]\n{\"other\":\"x\"}\n")
            Issue.record("expected an error")
        } catch let error as SwitchyardError {
            #expect(error.code == .embeddingInputInvalid)
            #expect(error.message.contains("in.jsonl line 2"))
            #expect(
                error.details == [
                    "line 3: not valid JSON", "line 4: expected an object like {\"text\": \"…\"}",
                    "line 5: \"text\" is missing",
                ])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func modelDirectoryResolution() {
        #expect(MiniLMEmbedder.directory(modelsDirectory: "/m") == "/m/all-minilm-l6-v2")
    }
}
