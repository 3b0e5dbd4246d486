import SwitchyardCore

/// What running one wave against a cluster did: every command with its outcome, and the rollback when a step
/// failed. Saved as the run artifact `migration/wave-NN/run`.
public struct ExecutionReport: Sendable, Hashable, Codable {
    /// One command and its outcome.
    public struct StepRecord: Sendable, Hashable, Codable {
        /// 1-based position in its bundle.
        public var index: Int
        /// The command as written in the plan.
        public var command: String
        /// What was run: the executable and the arguments (with the cluster's `--kubeconfig`/`--context`).
        public var argv: [String]
        /// `cluster` or `source`.
        public var side: String
        /// What it is for.
        public var purpose: String
        /// `succeeded`, `failed`, `failed_allowed` (a `|| true` step), `not_run` (after a failure), `manual`
        /// (a vSphere step left to a person).
        public var outcome: String
        /// The exit status, when it ran.
        public var exitStatus: Int32?
        /// The end of its standard output (at most 4,000 characters).
        public var stdout: String
        /// The end of its standard error (at most 4,000 characters).
        public var stderr: String
    }

    /// The wave.
    public var wave: Int
    /// `succeeded`, `failed` (a step failed; see `failedStep`), or `refused` (nothing was run: a program is
    /// missing or a step cannot be run without a shell).
    public var status: String
    /// What went wrong, naming the step; nil when it succeeded.
    public var error: String?
    /// The 1-based index of the failed apply step.
    public var failedStep: Int?
    /// The kubeconfig and context used.
    public var kubeconfig: String
    /// The context used; nil for the kubeconfig's current one.
    public var context: String?
    /// The rollout's commands.
    public var steps: [StepRecord]
    /// The rollback's commands, when it ran.
    public var rollback: [StepRecord]?
    /// Whether every command of the rollback that ran succeeded (nil when it did not run).
    public var rollbackSucceeded: Bool?

    /// The report as JSON (snake_case keys, as the other artifacts).
    public var json: JSONValue {
        func records(_ list: [StepRecord]) -> JSONValue {
            .array(
                list.map {
                    [
                        "index": .int($0.index), "command": .string($0.command),
                        "argv": .array($0.argv.map(JSONValue.string)), "side": .string($0.side),
                        "purpose": .string($0.purpose), "outcome": .string($0.outcome),
                        "exit_status": $0.exitStatus.map { JSONValue.int(Int($0)) } ?? .null,
                        "stdout": .string($0.stdout),
                        "stderr": .string($0.stderr),
                    ]
                })
        }
        return [
            "wave": .int(wave), "status": .string(status), "error": error.map(JSONValue.string) ?? .null,
            "failed_step": failedStep.map { JSONValue.int($0) } ?? .null, "kubeconfig": .string(kubeconfig),
            "context": context.map(JSONValue.string) ?? .null, "dry_run": false, "steps": records(steps),
            "rollback": rollback.map(records) ?? .null,
            "rollback_succeeded": rollbackSucceeded.map(JSONValue.bool) ?? .null,
        ]
    }
}
