import Foundation
import Synchronization
import SwitchyardCore
import SwitchyardModelAPI

/// A test double for a chat model: answers each request by its task from a script, counting calls.
final class ScriptedModel: ChatModel, Sendable {
    private let answers: Mutex<[String: [String]]>
    let calls = Mutex<[ChatRequest]>([])

    /// `answers[task]` are returned in order; the last one repeats.
    init(_ answers: [String: [String]]) { self.answers = Mutex(answers) }

    func complete(_ request: ChatRequest) async throws -> ChatResponse {
        calls.withLock { $0.append(request) }
        let task = request.task ?? "default"
        let text = answers.withLock { script -> String in
            guard var list = script[task], !list.isEmpty else { return "\"\"" }
            let first = list[0]
            if list.count > 1 { list.removeFirst() }
            script[task] = list
            return first
        }
        return ChatResponse(
            model: "scripted", message: .assistant(text), finishReason: .stop,
            usage: Usage(promptTokens: 10, completionTokens: 5), cache: "miss", cost: 0.001)
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await complete(request)
                    for delta in ChatDelta.replay(response, cache: response.cache) { continuation.yield(delta) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func callCount(task: String) -> Int { calls.withLock { $0.filter { $0.task == task }.count } }
}

/// A deterministic embedding test double: bag of hashed words, normalized.
struct HashEmbedder: EmbeddingModel {
    let dimensions = 64
    let identifier = "hash-test-64"

    func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map { text in
            var vector = [Float](repeating: 0, count: dimensions)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
                var hash: UInt64 = 1469598103934665603
                for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
                vector[Int(hash % UInt64(dimensions))] += 1
            }
            let norm = max(Float(1e-6), vector.map { $0 * $0 }.reduce(0, +).squareRoot())
            return vector.map { $0 / norm }
        }
    }
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "switchyard-runtime-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
