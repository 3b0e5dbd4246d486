import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// `migration.transpile`: each VM to a KubeVirt `VirtualMachine` (DataVolume templates, Multus NICs), a
/// `NetworkAttachmentDefinition` per port group, a `Service` per serving VM, one directory per wave; with input
/// `target: aws`, Terraform for AWS instead (`terraform/wave-NN/main.tf.json`, instance types from p95 use).
/// Writes `manifests`.
public struct TranspileNodeKind: WorkflowNodeKind {
    public let name = "migration.transpile"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        FieldChecks(node, allowed: ["next"]).problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { [MigrationState.manifests] }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let settings = try MigrationState.settings(input)
        let d = try MigrationState.discovery(input, node: node.name)
        let manifests =
            settings.target == "aws"
            ? TerraformTranspiler(region: settings.awsRegion).manifests(
                estate: d.estate, groups: d.groups, waves: d.waves)
            : KubeVirtTranspiler(options: settings.transpile).manifests(
                estate: d.estate, groups: d.groups, waves: d.waves, flows: d.flows)
        return NodeOutput(writes: [(MigrationState.manifests, try MigrationState.encode(manifests))])
    }
}
