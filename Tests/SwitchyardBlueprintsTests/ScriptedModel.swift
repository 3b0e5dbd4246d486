import Foundation
import Synchronization
import SwitchyardCore
import SwitchyardModelAPI

/// A test double for a chat model: returns the scripted answers in order (the last one repeats), counting calls.
final class ScriptedModel: ChatModel, Sendable {
    private let answers: Mutex<[String]>
    let calls = Mutex<[ChatRequest]>([])

    init(_ answers: [String]) { self.answers = Mutex(answers) }

    func complete(_ request: ChatRequest) async throws -> ChatResponse {
        calls.withLock { $0.append(request) }
        let text = answers.withLock { list -> String in
            guard let first = list.first else { return #"{"fixes": []}"# }
            if list.count > 1 { list.removeFirst() }
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
                    continuation.yield(
                        ChatDelta(text: response.message.content, finishReason: .stop, usage: response.usage))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    var callCount: Int { calls.withLock { $0.count } }
}
