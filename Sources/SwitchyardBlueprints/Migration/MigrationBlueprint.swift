import SwitchyardRuntime

/// The migration blueprint for the runtime: the `migration.*` node kinds and the `migration` workflow
/// (discover → waves → transpile → lint → propose fixes → plan → an approval per wave → apply, as a dry run).
public enum MigrationBlueprint {
    /// The blueprint, reading files only as `access` allows.
    /// - Parameter access: the directory runs may read inventories, flows, usage and policy files from.
    public static func make(access: MigrationFileAccess) -> WorkflowBlueprint {
        WorkflowBlueprint(
            name: "migration", kinds: kinds(access: access), workflows: ["migration": MigrationWorkflow.text],
            prompts: ["migration-fix": MigrationWorkflow.fixPrompt])
    }

    /// The node kinds alone (for a workflow of one's own).
    /// - Parameter access: the directory runs may read inventories, flows, usage and policy files from.
    public static func kinds(access: MigrationFileAccess) -> [any WorkflowNodeKind] {
        [
            DiscoverNodeKind(access: access), WavesNodeKind(), TranspileNodeKind(), LintNodeKind(access: access),
            ProposeFixesNodeKind(access: access), PlanNodeKind(access: access), NextWaveNodeKind(), ApplyNodeKind(),
            HoldNodeKind(), ReportNodeKind(),
        ]
    }
}
