import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardRuntime

/// The benched workflow: six `transform` nodes in a chain, no model call. Node `sN` writes `aN` = the previous
/// value with `-N` appended (a Mustache template), so every step reads the state and writes a new key.
enum ChainWorkflow {
    static let name = "chain6"
    static let steps = 6

    static func yaml(durability: String) -> String {
        var lines = [
            "name: \(name)", "version: \"1\"", "durability: \(durability)",
            "input: {type: object, required: [request], properties: {request: {type: string}}}", "entry: s1", "nodes:",
        ]
        for i in 1...steps {
            let previous = i == 1 ? "request" : "a\(i - 1)"
            let next = i == steps ? "end" : "s\(i + 1)"
            lines.append("  s\(i): {kind: transform, set: {a\(i): \"{{\(previous)}}-\(i)\"}, next: \(next)}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A catalog holding only this workflow.
    /// - Parameter durability: The workflow's `durability:`.
    static func catalog(durability: String) throws -> WorkflowCatalog {
        WorkflowCatalog([try WorkflowLoader().load(text: yaml(durability: durability), file: "bench:\(name).yaml")])
    }

    /// What the last node writes for `request`.
    static func expected(_ request: String) -> String {
        (1...steps).reduce(request) { "\($0)-\($1)" }
    }
}

/// The executor needs a model source; this workflow never calls one.
struct NoModel: ChatModel {
    func complete(_ request: ChatRequest) async throws -> ChatResponse {
        throw BenchError("the bench workflow calls no model")
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        AsyncThrowingStream { $0.finish(throwing: BenchError("the bench workflow calls no model")) }
    }
}
