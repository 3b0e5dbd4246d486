import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// `migration.waves`: the dependency graph, the application groups (Louvain) and the waves, each VM with the
/// reason for its wave. Writes `discovery` (for the later steps) and `discovery_summary` (for a person), and two
/// pictures as run artifacts for the console: `migration/groups.svg` (the groups coloured by wave) and
/// `migration/estate.dot` (Graphviz: VMs, groups and links), each `{media_type, text}`.
public struct WavesNodeKind: WorkflowNodeKind {
    public let name = "migration.waves"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        FieldChecks(node, allowed: ["next"]).problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { [MigrationState.discovery, "discovery_summary"] }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let settings = try MigrationState.settings(input)
        let (estate, flows) = try MigrationState.estate(input, node: node.name)
        let d = try Discovery.run(estate: estate, flows: flows, options: settings.discoveryOptions)
        var summary = d.summary
        if case .object(var object) = summary {
            object["timings"] = nil  // the same input gives the same state
            summary = .object(object)
        }
        try await MigrationArtifacts.put(
            MigrationArtifacts.groupsSVG, ["media_type": "image/svg+xml", "text": .string(GraphExport.svg(d))], input,
            node: node.name)
        try await MigrationArtifacts.put(
            MigrationArtifacts.estateDot, ["media_type": "text/vnd.graphviz", "text": .string(GraphExport.dot(d))],
            input, node: node.name)
        let saved = MigrationState.SavedDiscovery(groups: d.groups, waves: d.waves, hubDegree: d.graph.hubDegree)
        return NodeOutput(writes: [
            (MigrationState.discovery, try MigrationState.encode(saved)), ("discovery_summary", summary),
        ])
    }
}
