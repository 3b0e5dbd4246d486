import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardMigration

/// `switchyard migrate apply`: the per-wave runbooks written (rollbacks first), and with `--execute` run against
/// the cluster the user names, one wave at a time.
struct MigrateApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write each wave's rollout and rollback; with --execute --kubeconfig, run them against a cluster.",
        discussion: """
            Plans as `migrate plan` does, then writes DIR/wave-NN/rollback.json and rollback.sh for every wave \
            before any rollout, then for each wave that can go DIR/wave-NN/apply.json and apply.sh with the \
            resources they apply (run them from DIR). A wave with an open error finding or a VM with a critical \
            concern (see --allow-critical) gets no rollout, nor do the waves that depend on it. Without \
            --execute nothing is run. With --execute --kubeconfig PATH [--context C], the waves run in order \
            (or only --wave N): each step with kubectl / virtctl (from PATH, or --kubectl / --virtctl), without a \
            shell; the first failing step stops the wave, its rollback runs (unless --no-rollback), and no later \
            wave runs. Every command and its outcome go to DIR/wave-NN/run.json. Exit status: 0 when every wave \
            was written (and run), 1 when a wave is blocked or failed, 2 when an input cannot be used.
            """)

    @OptionGroup var input: MigrateInputOptions

    @Option(name: .long, help: "The output directory.")
    var out: String

    @Option(name: .long, help: "forklift (Forklift Plan and Migration; needs --storage-class) or manifests.")
    var method = "forklift"

    @Option(name: .long, help: "Target namespace.")
    var namespace = "migrated"

    @Option(name: .long, help: "Storage class for the DataVolumes and Forklift's StorageMap.")
    var storageClass: String?

    @Option(name: .long, help: "A policy YAML file instead of the shipped default.")
    var policy: String?

    @Flag(name: .long, help: "Run the written steps against the cluster --kubeconfig names.")
    var execute = false

    @Option(name: .long, help: "The kubeconfig of the target cluster (with --execute).")
    var kubeconfig: String?

    @Option(name: .long, help: "The context in the kubeconfig (default: its current context).")
    var context: String?

    @Option(name: .long, help: "kubectl to run (default: kubectl on PATH).")
    var kubectl: String?

    @Option(name: .long, help: "virtctl to run (default: virtctl on PATH).")
    var virtctl: String?

    @Flag(name: .long, help: "Also run the govc steps (govc on PATH, configured by GOVC_URL and the like).")
    var vcenter = false

    @Flag(name: .long, help: "Do not run a wave's rollback when one of its steps fails.")
    var noRollback = false

    @Option(name: .long, help: "Run only this wave (the waves it depends on are taken as done).")
    var wave: Int?

    func run() async throws {
        let ok: Bool
        do {
            let (d, runbooks) = try plan()
            let target = try clusterTarget()
            try write(runbooks)
            ok = try await go(runbooks, d: d, target: target)
        } catch {
            throw Output.fail(error, json: input.json)
        }
        if !ok { throw ExitCode(1) }
    }

    /// Discovery, manifests, findings and the runbooks.
    func plan() throws -> (Discovery, [WaveRunbook]) {
        let d = try input.discover()
        guard RFC1123.isValid(namespace) else {
            throw SwitchyardError(
                code: .invalidArguments,
                message: "--namespace \(String(reflecting: namespace)) is not an RFC 1123 label")
        }
        let rollout: RolloutMethod
        switch method {
        case "manifests": rollout = .manifests
        case "forklift":
            guard let storageClass else {
                throw SwitchyardError(
                    code: .invalidArguments,
                    message: "--method forklift maps every datastore to a storage class: give --storage-class, or "
                        + "--method manifests")
            }
            rollout = .forklift(ForkliftSettings(storageClass: storageClass))
        default:
            throw SwitchyardError(code: .invalidArguments, message: "--method: use forklift or manifests")
        }
        let engine: PolicyEngine
        if let policy {
            guard let data = FileManager.default.contents(atPath: policy) else {
                throw SwitchyardError(code: .fileNotFound, message: "cannot read the policy file '\(policy)'")
            }
            engine = try PolicyEngine(yaml: String(decoding: data, as: UTF8.self), file: policy)
        } else {
            engine = try PolicyEngine.shipped()
        }
        let gate = try input.gate()
        let plan = try MigrationPlan.build(
            d, options: TranspileOptions(namespace: namespace, storageClass: storageClass), policy: engine, gate: gate)
        let runbooks = RolloutPlanner(
            method: rollout, namespace: namespace, linter: try ManifestLinter(), policy: engine
        )
        .runbooks(
            d, manifests: plan.manifests, findings: plan.schemaFindings + plan.policyFindings,
            concerns: plan.concerns, gate: gate)
        return (d, runbooks)
    }

    /// The cluster `--execute` names, or nil for a dry run.
    func clusterTarget() throws -> ClusterTarget? {
        guard execute else {
            if kubeconfig != nil {
                throw SwitchyardError(
                    code: .invalidArguments, message: "--kubeconfig is used with --execute; add it to run the waves")
            }
            return nil
        }
        guard let kubeconfig else {
            throw SwitchyardError(
                code: .invalidArguments,
                message: "--execute needs --kubeconfig PATH: switchyard runs nothing against a cluster you do not "
                    + "name")
        }
        guard FileManager.default.fileExists(atPath: kubeconfig) else {
            throw SwitchyardError(code: .fileNotFound, message: "the kubeconfig '\(kubeconfig)' does not exist")
        }
        var tools: [String: String] = [:]
        if let kubectl { tools["kubectl"] = kubectl }
        if let virtctl { tools["virtctl"] = virtctl }
        return ClusterTarget(
            kubeconfig: URL(fileURLWithPath: kubeconfig).standardizedFileURL.path, context: context, tools: tools,
            runSourceSteps: vcenter, rollbackOnFailure: !noRollback)
    }

    /// Every rollback, then every rollout that can go (files, JSON and script).
    func write(_ runbooks: [WaveRunbook]) throws {
        func put(_ relative: String, _ text: String) throws {
            let url = URL(fileURLWithPath: out).appendingPathComponent(relative)
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try writeText(text, to: url.path)
        }
        for runbook in runbooks {
            let title = "Roll back migration wave \(runbook.wave)"
            try put("\(runbook.directory)/rollback.json", runbook.rollback.json(title: title).jsonText + "\n")
            try put("\(runbook.directory)/rollback.sh", runbook.rollback.script(title: title))
        }
        for runbook in runbooks where runbook.blocking.isEmpty && !runbook.apply.steps.isEmpty {
            for file in runbook.apply.files { try put(file.path, file.text) }
            let title = "Migration wave \(runbook.wave) (\(method))"
            try put("\(runbook.directory)/apply.json", runbook.apply.json(title: title).jsonText + "\n")
            try put("\(runbook.directory)/apply.sh", runbook.apply.script(title: title))
        }
    }

    /// Runs (or only reports) the waves in order; false when one is blocked or failed.
    func go(_ runbooks: [WaveRunbook], d: Discovery, target: ClusterTarget?) async throws -> Bool {
        var stopped: [Int: String] = [:]
        var failure: String?
        var waves: [JSONValue] = []
        for runbook in runbooks where wave == nil || runbook.wave == wave {
            var reasons = runbook.blocking
            if let failure { reasons.insert(failure, at: 0) }
            for dependency in runbook.dependsOn where wave == nil {
                if let status = stopped[dependency.wave] {
                    reasons.append("it depends on wave \(dependency.wave), which was \(status)")
                }
            }
            var entry: [String: JSONValue] = ["wave": .int(runbook.wave), "vms": .int(runbook.moves.count)]
            if !reasons.isEmpty || runbook.apply.steps.isEmpty {
                stopped[runbook.wave] = "blocked"
                entry["status"] = "blocked"
                entry["reasons"] = .array(reasons.map(JSONValue.string))
                if !input.json {
                    Output.line("wave \(runbook.wave): blocked")
                    for reason in reasons { Output.line("  \(reason)") }
                }
            } else if let target {
                let report = await RolloutExecutor(target: target).run(
                    wave: runbook.wave, apply: runbook.apply, rollback: runbook.rollback.steps, directory: out)
                try writeText(report.json.jsonText + "\n", to: "\(out)/\(runbook.directory)/run.json")
                entry["status"] = .string(report.status == "succeeded" ? "applied" : "failed")
                entry["run"] = .string("\(runbook.directory)/run.json")
                if report.status != "succeeded" {
                    stopped[runbook.wave] = "failed"
                    failure = "wave \(runbook.wave) failed, so no later wave runs"
                    entry["error"] = .string(report.error ?? report.status)
                }
                if !input.json {
                    Output.line(
                        "wave \(runbook.wave): \(report.status) (\(report.steps.filter { $0.outcome != "not_run" }.count) "
                            + "of \(report.steps.count) steps run; \(runbook.directory)/run.json)")
                    if let error = report.error { Output.line("  \(error)") }
                }
            } else {
                entry["status"] = "written"
                if !input.json {
                    Output.line(
                        "wave \(runbook.wave): \(runbook.moves.count) VMs, \(runbook.apply.steps.count) steps in "
                            + "\(runbook.directory)/apply.sh (rollback: \(runbook.directory)/rollback.sh); not run")
                }
            }
            waves.append(.object(entry))
        }
        let ok = waves.allSatisfy { $0["status"] == "written" || $0["status"] == "applied" }
        if input.json {
            Output.json([
                "out": .string(out), "dry_run": .bool(target == nil), "waves": .array(waves), "ok": .bool(ok),
            ])
        } else if target == nil {
            Output.line("nothing was run: add --execute --kubeconfig PATH to run the waves against a cluster")
        }
        return ok
    }
}
