import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// Whether this process may run an approved wave's steps against a cluster, and with which programs.
///
/// Off unless the operator turns it on (`--migration-execute` on `run`, `worker` and `serve`, or
/// `SWITCHYARD_MIGRATION_EXECUTE=1`): a run then executes only when its input names a cluster (`cluster.kubeconfig`,
/// a file in the migration input directory). A kubeconfig can name credential plugins that kubectl runs, so
/// turn it on only where the tenants who submit runs may run programs on the worker.
public struct MigrationExecution: Sendable {
    /// Whether runs may execute at all.
    public var enabled: Bool
    /// Programs by name (`kubectl` → path), looked up before `searchPath`.
    public var tools: [String: String]
    /// Where programs are looked up (`PATH` syntax); nil for the process's `PATH`.
    public var searchPath: String?
    /// What runs the commands.
    public var runner: any CommandRunner

    /// No execution: every apply is a dry run, and a run whose input names a cluster fails at its first step.
    public static let disabled = MigrationExecution(enabled: false, tools: [:], searchPath: nil)

    /// Execution allowed for runs whose input names a cluster.
    /// - Parameters:
    ///   - tools: Programs by name (`kubectl` → path), looked up before `searchPath`.
    ///   - searchPath: Where programs are looked up (`PATH` syntax); nil for the process's `PATH`.
    ///   - runner: What runs the commands (child processes by default).
    public static func enabled(
        tools: [String: String] = [:], searchPath: String? = nil, runner: any CommandRunner = ProcessCommandRunner()
    ) -> MigrationExecution {
        MigrationExecution(enabled: true, tools: tools, searchPath: searchPath, runner: runner)
    }

    init(
        enabled: Bool, tools: [String: String], searchPath: String?,
        runner: any CommandRunner = ProcessCommandRunner()
    ) {
        self.enabled = enabled
        self.tools = tools
        self.searchPath = searchPath
        self.runner = runner
    }
}

extension MigrationExecution {
    /// The cluster a run's input names, checked: execution must be on and the kubeconfig a file in the migration
    /// input directory. Nil when the input names no cluster (a dry run).
    /// - Parameters:
    ///   - settings: The run's settings.
    ///   - access: Where the run may read files.
    ///   - tenant: The run's tenant.
    /// - Throws: `invalid_input` when execution is off, `path_not_allowed` / `file_not_found` for the kubeconfig.
    func target(
        _ settings: MigrationSettings, access: MigrationFileAccess, tenant: TenantID
    ) throws(SwitchyardError) -> ClusterTarget? {
        guard let cluster = settings.cluster else { return nil }
        guard enabled else {
            throw SwitchyardError(
                code: .invalidInput,
                message: "input cluster: this worker does not run commands against clusters; start `switchyard "
                    + "worker` / `run` / `serve` with --migration-execute (or SWITCHYARD_MIGRATION_EXECUTE=1), or "
                    + "leave 'cluster' out for a dry run")
        }
        guard settings.target != "aws" else {
            throw SwitchyardError(
                code: .invalidInput,
                message: "input cluster: target aws writes Terraform for a person or a pipeline to apply; only a "
                    + "KubeVirt cluster is run against: leave 'cluster' out")
        }
        let files = try access.files(cluster.kubeconfig, field: "cluster.kubeconfig", tenant: tenant, extensions: [])
        return ClusterTarget(
            kubeconfig: files[0].path, context: cluster.context, tools: tools, searchPath: searchPath,
            runSourceSteps: cluster.vcenter, rollbackOnFailure: cluster.rollbackOnFailure)
    }
}
