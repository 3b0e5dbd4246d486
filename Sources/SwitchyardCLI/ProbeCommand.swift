import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels

/// `switchyard probe`: checks an OpenAI-compatible endpoint (llama.cpp server, vLLM, Ollama, …) the way the
/// gateway uses it — a whole answer, a streamed answer and a forced tool call through `OpenAICompatibleClient` —
/// printing what came back and exiting 1 when any check fails.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Check an OpenAI-compatible endpoint: chat, streaming and tool calls.")

    @Option(name: .long, help: "The API root, e.g. http://127.0.0.1:8000/v1.")
    var baseURL: String

    @Option(name: .long, help: "The model id to ask for.")
    var model = "default"

    @Option(name: .long, help: "Environment variable holding the API key, if the endpoint needs one.")
    var apiKeyEnv: String?

    @Option(name: .long, help: "Maximum tokens per answer.")
    var maxTokens = 48

    func run() async throws {
        let key = apiKeyEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
        let client = OpenAICompatibleClient(baseURL: baseURL, apiKey: key, timeout: .seconds(300))
        var failures: [String] = []
        for check in [("chat", chat), ("stream", stream), ("tools", tools)] {
            do {
                let detail = try await check.1(client)
                print("ok    \(check.0): \(detail)")
            } catch {
                print("FAIL  \(check.0): \(error)")
                failures.append(check.0)
            }
        }
        if !failures.isEmpty {
            FileHandle.standardError.write(Data("probe: failed: \(failures.joined(separator: ", "))\n".utf8))
            throw ExitCode(1)
        }
    }

    func request(_ text: String) -> ChatRequest {
        ChatRequest(model: model, messages: [.user(text)], temperature: 0, maxTokens: maxTokens)
    }

    func chat(_ client: OpenAICompatibleClient) async throws -> String {
        let answer = try await client.complete(request("What is the capital of France? Answer in one word."))
        guard !answer.message.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SwitchyardError(code: .probeEmpty, message: "the answer has no text")
        }
        guard answer.usage.completionTokens > 0 else {
            throw SwitchyardError(code: .probeUsage, message: "the answer reports no completion tokens")
        }
        return
            "\(answer.message.content.debugDescription) (\(answer.usage.promptTokens)+\(answer.usage.completionTokens) "
            + "tokens, finish \(answer.finishReason.rawValue))"
    }

    func stream(_ client: OpenAICompatibleClient) async throws -> String {
        var text = ""
        var deltas = 0
        var finish: FinishReason?
        for try await delta in client.stream(request("Count from one to five.")) {
            text += delta.text
            deltas += 1
            if let reason = delta.finishReason { finish = reason }
        }
        guard deltas > 1, !text.isEmpty else {
            throw SwitchyardError(code: .probeStream, message: "\(deltas) deltas, text \(text.debugDescription)")
        }
        guard let finish else {
            throw SwitchyardError(code: .probeStream, message: "the stream ended without a finish reason")
        }
        return "\(deltas) deltas, \(text.debugDescription), finish \(finish.rawValue)"
    }

    func tools(_ client: OpenAICompatibleClient) async throws -> String {
        let weather = ToolDefinition(
            name: "get_weather", description: "Current weather in a city.",
            parameters: [
                "type": "object", "properties": ["city": ["type": "string"]], "required": ["city"],
            ])
        var ask = request("What is the weather in Paris?")
        ask.tools = [weather]
        ask.toolChoice = .tool("get_weather")
        ask.maxTokens = 64
        let answer = try await client.complete(ask)
        guard let call = answer.message.toolCalls.first else {
            throw SwitchyardError(
                code: .probeTools, message: "no tool call; the answer was \(answer.message.content.debugDescription)")
        }
        guard call.name == "get_weather", call.arguments["city"]?.stringValue != nil else {
            throw SwitchyardError(
                code: .probeTools, message: "unexpected call \(call.name) \(call.arguments.jsonText)")
        }
        return "\(call.name)(\(call.arguments.jsonText)), finish \(answer.finishReason.rawValue)"
    }
}
