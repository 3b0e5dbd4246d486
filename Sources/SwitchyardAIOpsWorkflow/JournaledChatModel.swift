import Synchronization
import SwitchyardModelAPI
import SwitchyardRuntime

/// A node's model calls as a ``ChatModel``: each call goes through ``RunServices/complete(_:node:key:)`` under
/// the next index of the node attempt's key, so usage is recorded and a resumed run gets its recorded answers.
final class JournaledChatModel: ChatModel {
    private let services: RunServices
    private let node: String
    private let key: String
    private let calls = Mutex(0)

    init(services: RunServices, node: String, key: String) {
        self.services = services
        self.node = node
        self.key = key
    }

    func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let index = calls.withLock { n in
            defer { n += 1 }
            return n
        }
        return try await services.complete(request, node: node, key: "\(key)/\(index)")
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await self.complete(request)
                    continuation.yield(
                        ChatDelta(
                            text: response.message.content, finishReason: response.finishReason,
                            usage: response.usage))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
