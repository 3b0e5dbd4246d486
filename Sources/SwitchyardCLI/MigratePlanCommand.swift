import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardMigration

/// `switchyard migrate plan`: discovery, then KubeVirt manifests per wave, schema lint, policy and checks.
struct MigratePlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Write KubeVirt manifests per wave, lint them against the CRD schemas and policy, check the VMs.",
        discussion: """
            Writes DIR/networks/ (NetworkAttachmentDefinitions), DIR/wave-NN/ (VirtualMachines with DataVolume \
            templates, Services), DIR/plan.json (groups, waves with reasons, checks, findings), DIR/estate.dot and \
            DIR/groups.svg; with --terraform also DIR/terraform/wave-NN/main.tf.json. A manifest that fails its \
            schema is not written, nor are those of a VM with a critical pre-migration concern (RDM disk, PCI \
            passthrough, CPU affinity, unsupported OS), which blocks its wave unless --allow-critical \
            CHECK[:VM] allows it (recorded in plan.json). Exit status: 0 when every manifest passes the schemas \
            and the policy's error rules and no VM is blocked, 1 otherwise, 2 when an input cannot be used. \
            Nothing is applied to a cluster.
            """)

    @OptionGroup var input: MigrateInputOptions

    @Option(name: .long, help: "The output directory.")
    var out: String

    @Option(name: .long, help: "Target namespace.")
    var namespace = "migrated"

    @Option(name: .long, help: "Storage class for the DataVolumes (default: the cluster's default).")
    var storageClass: String?

    @Option(name: .long, help: "Linux bridge the NetworkAttachmentDefinitions use.")
    var bridge = "br1"

    @Flag(name: .long, help: "No pod-network interface and no Services: VLAN NICs only.")
    var noPodNetwork = false

    @Option(name: .long, help: "A policy YAML file instead of the shipped default.")
    var policy: String?

    @Option(name: .long, help: "vCenter SDK URL: disks import with CDI's VDDK source (else blank disks).")
    var vddkURL: String?

    @Option(name: .long, help: "Secret with the vCenter credentials (with --vddk-url).")
    var vddkSecret = "vcenter-credentials"

    @Option(name: .long, help: "vCenter certificate SHA-1 thumbprint (with --vddk-url).")
    var vddkThumbprint: String?

    @Option(name: .long, help: "VDDK init image, pinned by tag or digest (with --vddk-url).")
    var vddkImage: String?

    @Flag(name: .long, help: "Also write Terraform for AWS (JSON syntax) under DIR/terraform/wave-NN/.")
    var terraform = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "kubevirt (the default), or aws: Terraform only, under DIR/terraform/wave-NN/main.tf.json, checked "
                + "structurally (one instance per VM, its type chosen from p95 use)."))
    var target = "kubevirt"

    @Option(name: .long, help: "AWS region for the Terraform output.")
    var awsRegion = "eu-west-1"

    func run() throws {
        let clean: Bool
        do {
            let d = try input.discover()
            let gate = try input.gate()
            guard RFC1123.isValid(namespace) else {
                throw SwitchyardError(
                    code: .invalidArguments,
                    message: "--namespace \(String(reflecting: namespace)) is not an RFC 1123 label: try "
                        + "\(String(reflecting: RFC1123.label(namespace)))")
            }
            var vddk: TranspileOptions.VDDKSource?
            if let url = vddkURL {
                guard let thumbprint = vddkThumbprint else {
                    throw SwitchyardError(
                        code: .invalidArguments, message: "--vddk-url needs --vddk-thumbprint (the vCenter SHA-1)")
                }
                vddk = .init(url: url, secretName: vddkSecret, thumbprint: thumbprint, initImageURL: vddkImage)
            }
            let options = TranspileOptions(
                namespace: namespace, storageClass: storageClass, bridge: bridge, podNetwork: !noPodNetwork,
                vddk: vddk)
            var engine: PolicyEngine?
            if let policy {
                guard let data = FileManager.default.contents(atPath: policy) else {
                    throw SwitchyardError(code: .fileNotFound, message: "cannot read the policy file '\(policy)'")
                }
                engine = try PolicyEngine(yaml: String(decoding: data, as: UTF8.self), file: policy)
            }
            guard target == "kubevirt" || target == "aws" else {
                throw SwitchyardError(
                    code: .invalidArguments, message: "--target \(String(reflecting: target)): use kubevirt or aws")
            }
            let plan =
                try target == "aws"
                ? MigrationPlan.buildAWS(d, terraform: TerraformTranspiler(region: awsRegion), gate: gate)
                : MigrationPlan.build(d, options: options, policy: engine, gate: gate)
            let written = try plan.write(
                to: out, discovery: d,
                terraform: terraform && target != "aws" ? TerraformTranspiler(region: awsRegion) : nil)
            let errors = plan.schemaFindings.count + plan.policyFindings.filter { $0.severity == .error }.count
            clean = errors == 0 && plan.blocked.isEmpty
            if input.json {
                var summary: [String: JSONValue] = [
                    "out": .string(out), "target": .string(target), "written": .int(written.count),
                    "manifests": .int(plan.manifests.count),
                    "waves": .int(d.waves.waves.count), "schemaFindings": .int(plan.schemaFindings.count),
                    "policyFindings": .int(plan.policyFindings.count),
                    "concerns": .object(
                        Dictionary(grouping: plan.concerns, by: \.category.rawValue).mapValues { .int($0.count) }),
                    "blocked": .array(plan.blocked.map(CriticalGate.json)),
                    "allowedCritical": .array(
                        plan.gate.overridden(plan.concerns).map { ["vm": .string($0.vm), "check": .string($0.id)] }),
                    "clean": .bool(clean),
                ]
                summary["plan"] = .string((out as NSString).appendingPathComponent("plan.json"))
                Output.json(.object(summary))
            } else {
                printHuman(d, plan, written: written)
            }
        } catch {
            throw Output.fail(error, json: input.json)
        }
        if !clean { throw ExitCode(1) }
    }

    private func printHuman(_ d: Discovery, _ plan: MigrationPlan, written: [String]) {
        Output.line(
            "\(d.estate.count) VMs in \(d.groups.groups.count) groups and \(d.waves.waves.count) waves; "
                + "\(plan.manifests.count) manifests, \(written.count) files written to \(out)")
        for wave in d.waves.waves {
            let files = plan.manifests.filter { $0.wave == wave.number }.count
            Output.line("  wave \(wave.number): \(wave.vms.count) VMs, \(files) manifests")
        }
        let byCategory = Dictionary(grouping: plan.concerns, by: \.category)
        Output.line(
            "pre-migration checks: \(byCategory[.critical]?.count ?? 0) critical, "
                + "\(byCategory[.warning]?.count ?? 0) warnings, \(byCategory[.information]?.count ?? 0) notes")
        for concern in byCategory[.critical] ?? [] {
            let allowed = plan.gate.allows(concern)
            Output.line(
                "  CRITICAL \(concern.vm): \(concern.id) (\(concern.label)) — \(concern.assessment)"
                    + (allowed
                        ? " [allowed by --allow-critical]"
                        : " [blocks wave \(plan.blocked.first { $0.vm == concern.vm }?.wave ?? 0); its manifests are "
                            + "not written; or --allow-critical \(concern.id):\(concern.vm)]"))
        }
        let findings = plan.schemaFindings + plan.policyFindings
        Output.line(
            findings.isEmpty
                ? "lint: every manifest passes the schemas and the policy"
                : "lint: \(plan.schemaFindings.count) schema findings, \(plan.policyFindings.count) policy findings")
        for f in findings {
            Output.line(
                "  [\(f.severity.rawValue)] \(f.rule) \(f.object)\(f.pointer.isEmpty ? "" : " \(f.pointer)"): "
                    + "\(f.message); fix: \(f.fix)")
        }
        Output.line("details: \((out as NSString).appendingPathComponent("plan.json"))")
    }
}
