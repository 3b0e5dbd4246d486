/// A domain module's contribution to the runtime: its node kinds, and the workflows and prompts that use them
/// (the migration blueprint's `migration.*` kinds and `migration` workflow, say).
///
/// The runtime knows no blueprint: the binary that assembles a deployment (the CLI, a server) passes the ones it
/// ships to ``WorkflowCatalog/load(directory:loader:blueprints:)``, so dependencies point from the blueprints to
/// the runtime and never back.
public struct WorkflowBlueprint: Sendable {
    /// The blueprint's name (for messages).
    public var name: String
    /// Node kinds its workflows (and a user's) may name.
    public var kinds: [any WorkflowNodeKind]
    /// Workflow name → YAML source, shipped like the built-in ones.
    public var workflows: [String: String]
    /// Prompt name → YAML source.
    public var prompts: [String: String]

    /// Makes a blueprint.
    /// - Parameters:
    ///   - name: the blueprint's name.
    ///   - kinds: its node kinds.
    ///   - workflows: workflow name → YAML source.
    ///   - prompts: prompt name → YAML source.
    public init(
        name: String, kinds: [any WorkflowNodeKind], workflows: [String: String] = [:],
        prompts: [String: String] = [:]
    ) {
        self.name = name
        self.kinds = kinds
        self.workflows = workflows
        self.prompts = prompts
    }
}
