import Foundation
import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// `migration.plan`: one runbook per wave (what moves, what it depends on, the checks, what blocks it, the
/// rollout and the rollback), then every wave's rollback written as a run artifact
/// (`migration/wave-NN/rollback`) before any rollout artifact can be. Writes `runbooks`, `plan_summary` and the
/// wave cursor.
public struct PlanNodeKind: WorkflowNodeKind {
    public let name = "migration.plan"
    let access: MigrationFileAccess

    /// Makes the kind.
    /// - Parameter access: where runs may read a policy file.
    public init(access: MigrationFileAccess) { self.access = access }

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        FieldChecks(node, allowed: ["next"]).problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> {
        [MigrationState.runbooks, "plan_summary", MigrationState.cursor]
    }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let settings = try MigrationState.settings(input)
        let d = try MigrationState.discovery(input, node: node.name)
        let manifests = try MigrationState.read([Manifest].self, MigrationState.manifests, input, node: node.name)
        let findings = try MigrationState.read([LintFinding].self, MigrationState.findings, input, node: node.name)
        let concerns = try MigrationState.read(
            [PreMigrationConcern].self, MigrationState.concerns, input, node: node.name)
        let planner = RolloutPlanner(
            method: settings.method, namespace: settings.transpile.namespace, linter: try ManifestLinter(),
            policy: try MigrationState.policy(settings, access, input))
        do {
            try settings.gate.validate(d.estate)
        } catch {
            throw SwitchyardError(code: .invalidInput, message: "input " + error.message)
        }
        let runbooks = planner.runbooks(
            d, manifests: manifests, findings: findings, concerns: concerns, gate: settings.gate)
        for runbook in runbooks {
            try await MigrationArtifacts.putRollback(runbook, method: settings.method, input)
        }
        let summary: JSONValue = [
            "dry_run": true, "method": .string(settings.method.name),
            "namespace": .string(settings.transpile.namespace),
            "waves": .array(
                runbooks.map {
                    [
                        "wave": .int($0.wave), "vms": .array($0.moves.map { .string($0.source) }),
                        "depends_on": .array($0.dependsOn.map { .int($0.wave) }),
                        "critical_checks": .int($0.checks.filter { $0.category == .critical }.count),
                        "blocked": .bool(!$0.blocking.isEmpty),
                        "blocked_vms": .array($0.blockedVMs.map(CriticalGate.json)),
                    ]
                }),
            "allowed_critical": .array(
                runbooks.flatMap(\.allowedCritical).map {
                    ["vm": .string($0.vm), "check": .string($0.id), "label": .string($0.label)]
                }),
        ]
        return NodeOutput(writes: [
            (MigrationState.runbooks, try MigrationState.encode(runbooks)), ("plan_summary", summary),
            (MigrationState.cursor, 0),
        ])
    }
}

/// The run artifacts the migration workflow writes: `migration/groups.svg`, `migration/estate.dot`,
/// `migration/wave-NN/rollback` and `migration/wave-NN/apply`. Their names hold a `/`, so no state key (which the
/// runtime also saves as an artifact) can replace them.
enum MigrationArtifacts {
    static let groupsSVG = "migration/groups.svg"
    static let estateDot = "migration/estate.dot"
    static func rollbackName(_ wave: Int) -> String { "migration/\(WaveRunbook.directory(forWave: wave))/rollback" }
    static func applyName(_ wave: Int) -> String { "migration/\(WaveRunbook.directory(forWave: wave))/apply" }
    static func runName(_ wave: Int) -> String { "migration/\(WaveRunbook.directory(forWave: wave))/run" }

    /// The run store, which artifacts need.
    static func store(_ input: NodeInput, node: String) throws -> any RunStore {
        guard let store = input.services.store else {
            throw SwitchyardError(
                code: .storeFailed,
                message: "node '\(node)' writes run artifacts and the run has no store; run the workflow through "
                    + "the runtime (switchyard run, a worker or the server)")
        }
        return store
    }

    static func put(_ name: String, _ value: JSONValue, _ input: NodeInput, node: String) async throws {
        try await store(input, node: node).putArtifact(
            tenant: input.services.tenant, Artifact(run: input.services.runID, name: name, value: value))
        input.services.emit("migration.artifact", ["name": .string(name)])
    }

    /// Writes a wave's rollback.
    static func putRollback(_ runbook: WaveRunbook, method: RolloutMethod, _ input: NodeInput) async throws {
        var value = runbook.rollback.json(title: "Roll back migration wave \(runbook.wave)")
        if case .object(var object) = value {
            object["wave"] = .int(runbook.wave)
            object["dry_run"] = true
            object["method"] = .string(method.name)
            object.removeValue(forKey: "files")
            object.removeValue(forKey: "order")
            value = .object(object)
        }
        try await put(rollbackName(runbook.wave), value, input, node: "plan")
    }
}
