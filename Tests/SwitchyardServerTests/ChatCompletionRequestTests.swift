import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import Testing

@testable import SwitchyardServer

@Suite("Reading OpenAI request bodies")
struct ChatCompletionRequestTests {
    @Test("maps content parts, developer messages, tools, tool choice, schema and sampling parameters")
    func fullRequest() throws {
        let body = #"""
            {"model": "gpt-fake", "temperature": 0, "top_p": 0.5, "max_completion_tokens": 64, "seed": 7,
             "stop": "END", "task": "classify",
             "messages": [
               {"role": "developer", "content": "be brief"},
               {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]},
               {"role": "assistant", "content": null,
                "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\"q\":1}"}}]},
               {"role": "tool", "tool_call_id": "c1", "content": "42"}],
             "tools": [{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"type": "object"}}}],
             "tool_choice": {"type": "function", "function": {"name": "f"}},
             "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}}}
            """#
        let parsed = try ChatCompletionRequest(body: body)
        let chat = parsed.chat
        #expect(!parsed.stream)
        #expect(chat.messages.map(\.role) == [.system, .user, .assistant, .tool])
        #expect(chat.messages[1].content == "ab")
        #expect(chat.messages[2].toolCalls == [ToolCall(id: "c1", name: "f", arguments: ["q": 1])])
        #expect(chat.messages[3].toolCallID == "c1")
        #expect(chat.tools.map(\.name) == ["f"])
        #expect(chat.toolChoice == .tool("f"))
        #expect(chat.responseSchema == ["type": "object"])
        #expect(chat.temperature == 0 && chat.topP == 0.5 && chat.maxTokens == 64 && chat.seed == 7)
        #expect(chat.stop == ["END"] && chat.task == "classify")
    }

    @Test("reads llama-server's ignore_eos extension; a non-boolean is refused, naming the field")
    func ignoreEOS() throws {
        let on = try ChatCompletionRequest(
            body: #"{"model":"m","ignore_eos":true,"messages":[{"role":"user","content":"x"}]}"#)
        #expect(on.chat.ignoreEndOfGeneration == true)
        let off = try ChatCompletionRequest(body: #"{"model":"m","messages":[{"role":"user","content":"x"}]}"#)
        #expect(off.chat.ignoreEndOfGeneration == nil)
        do {
            _ = try ChatCompletionRequest(
                body: #"{"model":"m","ignore_eos":"yes","messages":[{"role":"user","content":"x"}]}"#)
            Issue.record("ignore_eos: \"yes\" was accepted")
        } catch {
            #expect(error.message.hasPrefix("ignore_eos:"))
        }
    }

    @Test("refuses image parts and n > 1, naming the field")
    func unsupported() {
        let image = #"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]}"#
        #expect(throws: APIError.self) { try ChatCompletionRequest(body: image) }
        do {
            _ = try ChatCompletionRequest(body: #"{"model":"m","n":2,"messages":[{"role":"user","content":"x"}]}"#)
            Issue.record("n: 2 was accepted")
        } catch {
            #expect(error.message.hasPrefix("n:"))
        }
    }
}
