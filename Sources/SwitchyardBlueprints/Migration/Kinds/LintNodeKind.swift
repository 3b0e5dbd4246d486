import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// `migration.lint`: every manifest against the shipped schemas and Kubernetes' naming rules, the policy (the
/// input's `policy_file` or the shipped one) over the whole set, and the Forklift-style pre-migration checks on
/// each source VM; with `target: aws`, the structural Terraform check (`TerraformCheck`) instead of schemas and
/// policy. Writes `findings`, `concerns` and `lint_summary`.
public struct LintNodeKind: WorkflowNodeKind {
    public let name = "migration.lint"
    let access: MigrationFileAccess

    /// Makes the kind.
    /// - Parameter access: where runs may read a policy file.
    public init(access: MigrationFileAccess) { self.access = access }

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        FieldChecks(node, allowed: ["next"]).problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> {
        [MigrationState.findings, MigrationState.concerns, "lint_summary"]
    }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let settings = try MigrationState.settings(input)
        let (estate, _) = try MigrationState.estate(input, node: node.name)
        let manifests = try MigrationState.read([Manifest].self, MigrationState.manifests, input, node: node.name)
        let findings: [LintFinding]
        if settings.target == "aws" {
            let d = try MigrationState.discovery(input, node: node.name)
            findings = TerraformCheck(transpiler: TerraformTranspiler(region: settings.awsRegion)).findings(
                manifests, estate: estate, waves: d.waves)
        } else {
            let validator = FixValidator(
                linter: try ManifestLinter(), policy: try MigrationState.policy(settings, access, input),
                expectedVMs: MigrationState.expectedVMs(estate))
            findings = validator.findings(manifests)
        }
        let concerns = estate.vms.flatMap { PreMigrationChecks().check($0) }
        let byCategory = Dictionary(grouping: concerns, by: \.category.rawValue).mapValues { JSONValue.int($0.count) }
        let summary: JSONValue = [
            "target": .string(settings.target), "manifests": .int(manifests.count),
            "errors": .int(findings.filter { $0.severity == .error }.count),
            "warnings": .int(findings.filter { $0.severity == .warning }.count),
            "concerns": .object(byCategory),
        ]
        return NodeOutput(writes: [
            (MigrationState.findings, try MigrationState.encode(findings)),
            (MigrationState.concerns, try MigrationState.encode(concerns)), ("lint_summary", summary),
        ])
    }
}
