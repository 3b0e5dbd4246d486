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

    /// Builds the plan in memory.
    /// - Parameters:
    ///   - d: the discovery.
    ///   - options: the transpiler's settings.
    ///   - policy: the policy; the shipped one when nil.
    ///   - checks: the pre-migration checks.
    /// - Throws: `schema_missing`/`invalid_schema` if the shipped schemas cannot be used, `invalid_policy`.
    public static func build(
        _ d: Discovery, options: TranspileOptions = TranspileOptions(), policy: PolicyEngine? = nil,
        checks: PreMigrationChecks = PreMigrationChecks()
    ) throws(SwitchyardError) -> MigrationPlan {
        let manifests = KubeVirtTranspiler(options: options).manifests(
            estate: d.estate, groups: d.groups, waves: d.waves, flows: d.flows)
        let schemaFindings = try ManifestLinter().lint(manifests)
        let engine: PolicyEngine
        if let policy { engine = policy } else { engine = try PolicyEngine.shipped() }
        let expected = NameAllocator(d.estate.vms.map(\.name)).names.values.sorted()
        let policyFindings = engine.evaluate(manifests, expectedVMs: expected)
        let concerns = d.estate.vms.flatMap { checks.check($0) }
        return MigrationPlan(
            manifests: manifests, schemaFindings: schemaFindings, policyFindings: policyFindings, concerns: concerns)
    }

    /// Writes the manifests (one directory per wave, `networks/` for the attachments) and `plan.json`
    /// (discovery summary, checks, findings) under `directory`. Manifests that fail the schema are not
    /// written: nothing unvalidated is emitted.
    /// - Throws: `write_failed` when a file cannot be written.
    /// - Parameter terraform: also write Terraform for AWS under `terraform/wave-NN/main.tf.json`.
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
        for manifest in manifests where !invalid.contains(manifest.path) {
            try put(manifest.path, YAMLWriter.document(manifest.object))
        }
        if let terraform {
            for (path, json) in terraform.files(
                estate: discovery.estate, groups: discovery.groups, waves: discovery.waves)
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
    /// - Parameter d: the discovery the plan was built from.
    public func report(_ d: Discovery) -> JSONValue {
        func finding(_ f: LintFinding) -> JSONValue {
            [
                "rule": .string(f.rule), "object": .string(f.object), "pointer": .string(f.pointer),
                "message": .string(f.message), "fix": .string(f.fix), "severity": .string(f.severity.rawValue),
            ]
        }
        var summary = d.summary
        if case .object(var o) = summary {
            o["manifests"] = .array(manifests.map { .string($0.path) })
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
