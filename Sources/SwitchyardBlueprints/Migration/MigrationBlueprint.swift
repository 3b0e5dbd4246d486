import SwitchyardRuntime

/// The migration blueprint for the runtime: the `migration.*` node kinds and the `migration` workflow
/// (discover → waves → transpile → lint → propose fixes → plan → an approval per wave → apply: a dry run, or
/// executed against the cluster the run's input names where `execution` allows it).
public enum MigrationBlueprint {
    /// The blueprint, reading files only as `access` allows.
    /// - Parameters:
    ///   - access: the directory runs may read inventories, flows, usage, policy and kubeconfig files from.
    ///   - execution: whether approved waves may be run against a cluster (off by default).
    public static func make(
        access: MigrationFileAccess, execution: MigrationExecution = .disabled
    ) -> WorkflowBlueprint {
        WorkflowBlueprint(
            name: "migration", kinds: kinds(access: access, execution: execution),
            workflows: ["migration": MigrationWorkflow.text], prompts: ["migration-fix": MigrationWorkflow.fixPrompt])
    }

    /// The node kinds alone (for a workflow of one's own).
    /// - Parameters:
    ///   - access: Which files the discover, lint, propose-fixes and plan nodes may read.
    ///   - execution: whether approved waves may be run against a cluster (off by default).
    public static func kinds(
        access: MigrationFileAccess, execution: MigrationExecution = .disabled
    ) -> [any WorkflowNodeKind] {
        [
            DiscoverNodeKind(access: access, execution: execution), WavesNodeKind(), TranspileNodeKind(),
            LintNodeKind(access: access), ProposeFixesNodeKind(access: access), PlanNodeKind(access: access),
            NextWaveNodeKind(), ApplyNodeKind(access: access, execution: execution), HoldNodeKind(), ReportNodeKind(),
        ]
    }
}
