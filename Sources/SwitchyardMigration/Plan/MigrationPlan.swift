import Foundation
import SwitchyardCore

/// The plan step: manifests for every wave, schema lint, policy, and the pre-migration checks, written to an
/// output directory.
public struct MigrationPlan: Sendable {
    /// The emitted manifests.
    public var manifests: [Manifest]
    /// Schema and naming findings (must be empty for the plan to be used).
    public var schemaFindings: [LintFinding]
    /// Policy findings.
    public var policyFindings: [LintFinding]
    /// Pre-migration concerns per VM.
    public var concerns: [PreMigrationConcern]
    /// The critical checks a person allowed.
    public var gate: CriticalGate = CriticalGate()
    /// VMs held back by critical concerns: their manifests are not written, and their waves are blocked.
    public var blocked: [CriticalGate.BlockedVM] = []

    /// Builds the plan in memory.
    /// - Parameters:
    ///   - d: The discovery to plan from.
    ///   - options: Transpiler settings.
    ///   - policy: The policy; nil for the shipped one.
    ///   - checks: The pre-migration checks.
    ///   - gate: The critical checks a person allows; any other critical concern blocks its VM and wave.
    /// - Throws: `schema_missing`/`invalid_schema` if the shipped schemas cannot be used, `invalid_policy`,
    ///   `invalid_arguments` for an allowance naming a VM not in the estate.
    public static func build(
        _ d: Discovery, options: TranspileOptions = TranspileOptions(), policy: PolicyEngine? = nil,
        checks: PreMigrationChecks = PreMigrationChecks(), gate: CriticalGate = CriticalGate()
    ) throws(SwitchyardError) -> MigrationPlan {
        try gate.validate(d.estate)
        let manifests = KubeVirtTranspiler(options: options).manifests(
            estate: d.estate, groups: d.groups, waves: d.waves, flows: d.flows)
        let schemaFindings = try ManifestLinter().lint(manifests)
        let engine: PolicyEngine
        if let policy { engine = policy } else { engine = try PolicyEngine.shipped() }
        let expected = NameAllocator(d.estate.vms.map(\.name)).names.values.sorted()
        let policyFindings = engine.evaluate(manifests, expectedVMs: expected)
        let concerns = d.estate.vms.flatMap { checks.check($0) }
        return MigrationPlan(
            manifests: manifests, schemaFindings: schemaFindings, policyFindings: policyFindings, concerns: concerns,
            gate: gate, blocked: gate.blockedVMs(concerns, estate: d.estate, waves: d.waves))
    }

    /// Builds a plan for AWS: Terraform per wave (`terraform/wave-NN/main.tf.json`, blocked VMs left out) as the
    /// manifests, checked by ``TerraformCheck`` (its findings are the schema findings), and the pre-migration
    /// checks. The Kubernetes policy does not apply.
    /// - Parameters:
    ///   - d: The discovery to plan from.
    ///   - terraform: The Terraform transpiler (region, headroom).
    ///   - checks: The pre-migration checks.
    ///   - gate: The critical checks a person allows.
    /// - Throws: `invalid_arguments` for an allowance naming a VM not in the estate.
    public static func buildAWS(
        _ d: Discovery, terraform: TerraformTranspiler = TerraformTranspiler(),
        checks: PreMigrationChecks = PreMigrationChecks(), gate: CriticalGate = CriticalGate()
    ) throws(SwitchyardError) -> MigrationPlan {
        try gate.validate(d.estate)
        let concerns = d.estate.vms.flatMap { checks.check($0) }
        let blocked = gate.blockedVMs(concerns, estate: d.estate, waves: d.waves)
        let held = Set(blocked.map(\.vm))
        let files = terraform.manifests(estate: d.estate, groups: d.groups, waves: d.waves, excluding: held)
        let findings = TerraformCheck(transpiler: terraform).findings(
            files, estate: d.estate, waves: d.waves, excluding: held)
        return MigrationPlan(
            manifests: files, schemaFindings: findings, policyFindings: [], concerns: concerns, gate: gate,
            blocked: blocked)
    }

    /// The target names of the blocked VMs (as the manifests' `source-vm` label holds them).
    func blockedTargets(_ d: Discovery) -> Set<String> {
        let names = NameAllocator(d.estate.vms.map(\.name))
        return Set(blocked.map { names[$0.vm] })
    }

    /// Whether `manifest` belongs to a blocked VM (its VirtualMachine or Service).
    func isBlocked(_ manifest: Manifest, targets: Set<String>) -> Bool {
        guard let vm = manifest.object["metadata"]?["labels"]?[KubeVirtTranspiler.Labels.sourceVM]?.stringValue
        else { return false }
        return targets.contains(vm)
    }

    /// Writes the manifests (one directory per wave, `networks/` for the attachments) and `plan.json`
    /// (discovery summary, checks, findings) under `directory`. Manifests that fail the schema are not
    /// written: nothing unvalidated is emitted; nor are the manifests (or Terraform) of a VM blocked by a
    /// critical concern.
    /// - Parameters:
    ///   - directory: The output directory.
    ///   - discovery: The discovery the plan was built from (for `plan.json` and Terraform).
    ///   - terraform: also write Terraform for AWS under `terraform/wave-NN/main.tf.json`.
    /// - Throws: `write_failed` when a file cannot be written.
    public func write(
        to directory: String, discovery: Discovery, terraform: TerraformTranspiler? = nil
    )
        throws(SwitchyardError) -> [String]
    {
        let invalid = Set(schemaFindings.map { $0.object.split(separator: "#").first.map(String.init) ?? "" })
        var written: [String] = []
        let fm = FileManager.default
        func put(_ relative: String, _ text: String) throws(SwitchyardError) {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            } catch {
                throw SwitchyardError(code: .writeFailed, message: "cannot write \(url.path): \(error)")
            }
            written.append(relative)
        }
        let held = blockedTargets(discovery)
        for manifest in manifests where !invalid.contains(manifest.path) && !isBlocked(manifest, targets: held) {
            try put(manifest.path, manifest.text)
        }
        if let terraform {
            for (path, json) in terraform.files(
                estate: discovery.estate, groups: discovery.groups, waves: discovery.waves,
                excluding: Set(blocked.map(\.vm)))
            {
                try put(path, TerraformTranspiler.text(json))
            }
        }
        try put("plan.json", report(discovery).jsonText + "\n")
        try put("estate.dot", GraphExport.dot(discovery))
        try put("groups.svg", GraphExport.svg(discovery))
        return written
    }

    /// `plan.json`: discovery summary, manifests per wave, checks and findings.
    /// - Parameter d: The discovery the plan was built from.
    public func report(_ d: Discovery) -> JSONValue {
        func finding(_ f: LintFinding) -> JSONValue {
            [
                "rule": .string(f.rule), "object": .string(f.object), "pointer": .string(f.pointer),
                "message": .string(f.message), "fix": .string(f.fix), "severity": .string(f.severity.rawValue),
            ]
        }
        var summary = gate.annotate(d.summary, concerns: concerns, discovery: d)
        let held = blockedTargets(d)
        if case .object(var o) = summary {
            o["manifests"] = .array(manifests.filter { !isBlocked($0, targets: held) }.map { .string($0.path) })
            o["schemaFindings"] = .array(schemaFindings.map(finding))
            o["policyFindings"] = .array(policyFindings.map(finding))
            o["concerns"] = .array(
                concerns.map {
                    [
                        "id": .string($0.id), "category": .string($0.category.rawValue), "vm": .string($0.vm),
                        "label": .string($0.label), "assessment": .string($0.assessment),
                    ]
                })
            summary = .object(o)
        }
        return summary
    }
}
