import SwitchyardCore
import SwitchyardKnowledge

/// `retrieve`: tenant-scoped hybrid search; writes the hits to `output`, numbered from 1 so drafts can cite
/// `[n]`, each with its document, chunk and character offsets.
public struct RetrieveNodeKind: WorkflowNodeKind {
    public let name = "retrieve"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(node, allowed: ["query", "k", "mode", "output", "next"])
        checks.requireString("query", "a template for the search text")
        checks.requireString("output", "the state key the hits are written to")
        checks.optionalInt("k", min: 1)
        if let mode = node.string("mode"), SearchMode(mode) == nil {
            checks.problems.append(
                WorkflowProblem(node.location(of: "mode"), "mode '\(mode)' is unknown; use hybrid, keyword or vector"))
        }
        return checks.problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { Set([node.string("output")].compactMap { $0 }) }

    public func templates(
        _ node: NodeDefinition, in workflow: WorkflowDefinition
    ) -> [(text: String, location: SourceLocation)] {
        node.string("query").map { [($0, node.location(of: "query"))] } ?? []
    }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        guard let knowledge = input.services.knowledge else {
            throw SwitchyardError(
                code: .knowledgeUnavailable,
                message: "node '\(node.name)' retrieves, but this run has no knowledge base; ingest documents first")
        }
        let query = try TemplateRenderer.render(node.string("query") ?? "", input.variables)
        let mode = node.string("mode").flatMap { SearchMode($0) } ?? .hybrid
        let hits = try await knowledge.search(query, tenant: input.services.tenant, k: node.int("k") ?? 4, mode: mode)
        let values: [JSONValue] = hits.enumerated().map { index, hit in
            [
                "n": .int(index + 1), "document": .string(hit.document), "source": .string(hit.source),
                "title": .string(hit.title), "chunk": .int(hit.chunk), "chunk_id": .int(Int(hit.chunkID)),
                "start": .int(hit.start), "end": .int(hit.end), "text": .string(hit.text), "score": .double(hit.score),
            ]
        }
        return NodeOutput(writes: [(node.string("output") ?? node.name, .array(values))])
    }
}
