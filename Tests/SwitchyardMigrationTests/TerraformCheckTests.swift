import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardMigration

/// The structural check of the Terraform for AWS (no `terraform` binary here: Debian does not package it, and
/// `terraform validate` would need the AWS provider downloaded).
@Suite struct TerraformCheckTests {
    /// The rollout tests' estate with observed p95 use on its first VM.
    static func discovery() throws -> (Discovery, String) {
        let synthetic = SyntheticEstate(
            .init(seed: 3, groups: 4, groupSize: 3...5, crossGroupProbability: 0.5, flowRecords: 3000))
        let found = try PlanningTests.discover(synthetic, cap: 6)
        var vms = found.estate.vms
        vms[0].cpus = 8
        vms[0].memoryMiB = 32768
        vms[0].p95CPUCores = 1.2
        vms[0].p95MemoryMiB = 2500
        let d = try Discovery.run(estate: Estate(vms), flows: found.flows, options: .init(waveCap: 6))
        return (d, vms[0].name)
    }

    @Test func everyVMHasOneInstanceOfTheTypeItsUseCallsFor() throws {
        let (d, sized) = try Self.discovery()
        let transpiler = TerraformTranspiler(region: "eu-central-1")
        let files = transpiler.manifests(estate: d.estate, groups: d.groups, waves: d.waves)
        #expect(files.map(\.wave) == d.waves.waves.map(\.number))
        #expect(TerraformCheck(transpiler: transpiler).findings(files, estate: d.estate, waves: d.waves).isEmpty)
        // The VM with usage data gets a small type from its p95 (2 vCPU, 3.1 GiB after headroom), not its 8/32.
        let instance = files.compactMap { file in
            file.object["resource"]?["aws_instance"]?.objectValue?.values.first {
                $0["tags"]?["SourceVM"]?.stringValue == sized
            }
        }.first
        #expect(instance?["instance_type"] == "c6i.large")
        #expect(files.first?.object["provider"]?["aws"]?["region"] == "eu-central-1")
    }

    @Test func tamperedFilesAreReported() throws {
        let (d, sized) = try Self.discovery()
        let files = TerraformTranspiler().manifests(estate: d.estate, groups: d.groups, waves: d.waves)
        let wave = d.waves.waveOf[try #require(d.estate.index(of: sized))]
        var tampered = files
        let i = try #require(tampered.firstIndex { $0.wave == wave })
        guard case .object(var doc) = tampered[i].object, case .object(var resource)? = doc["resource"],
            case .object(var instances)? = resource["aws_instance"],
            let id = instances.first(where: { $0.value["tags"]?["SourceVM"]?.stringValue == sized })?.key,
            case .object(var instance)? = instances[id]
        else {
            Issue.record("no instance for \(sized)")
            return
        }
        instance["instance_type"] = "m6i.2xlarge"
        instances[id] = .object(instance)
        instances["ghost"] = .object(instance.merging(["tags": ["SourceVM": "ghost"]]) { $1 })
        resource["aws_instance"] = .object(instances)
        doc["resource"] = .object(resource)
        tampered[i].object = .object(doc)
        let findings = TerraformCheck().findings(tampered, estate: d.estate, waves: d.waves)
        #expect(findings.contains { $0.message.contains("p95 use") && $0.fix == "use c6i.large" }, "\(findings)")
        #expect(findings.contains { $0.message.contains("ghost is not a VM") })
        // A VM without an instance.
        let dropped = files.filter { $0.wave != wave }
        let missing = TerraformCheck().findings(dropped, estate: d.estate, waves: d.waves)
        #expect(missing.contains { $0.message.contains("\(sized) has 0 instances") })
        // Left out on purpose (blocked) is fine; an instance for a blocked VM is not.
        let excluded = TerraformTranspiler().manifests(
            estate: d.estate, groups: d.groups, waves: d.waves, excluding: [sized])
        #expect(TerraformCheck().findings(excluded, estate: d.estate, waves: d.waves, excluding: [sized]).isEmpty)
        #expect(!TerraformCheck().findings(files, estate: d.estate, waves: d.waves, excluding: [sized]).isEmpty)
    }

    @Test func theAWSPlanAndItsRolloutPerWave() throws {
        let (d, _) = try Self.discovery()
        let plan = try MigrationPlan.buildAWS(d)
        #expect(plan.schemaFindings.isEmpty && plan.blocked.isEmpty)
        #expect(plan.manifests.allSatisfy { $0.path.hasSuffix("/main.tf.json") })
        let runbooks = RolloutPlanner(
            method: .terraform, namespace: "migrated", linter: try ManifestLinter(), policy: try PolicyEngine.shipped()
        ).runbooks(d, manifests: plan.manifests, findings: plan.schemaFindings, concerns: plan.concerns)
        for runbook in runbooks {
            #expect(runbook.blocking.isEmpty, "\(runbook.blocking)")
            #expect(runbook.apply.files.map(\.path) == ["terraform/wave-0\(runbook.wave)/main.tf.json"])
            let commands = runbook.apply.steps.map(\.command)
            #expect(commands.first == "terraform -chdir=terraform/wave-0\(runbook.wave) init -input=false")
            #expect(commands.last == "terraform -chdir=terraform/wave-0\(runbook.wave) apply -input=false wave.tfplan")
            #expect(runbook.rollback.steps.first?.command.contains("destroy -input=false -auto-approve") == true)
            let text = try #require(runbook.apply.json(title: "t")["files"]?[runbook.apply.files[0].path]?.stringValue)
            #expect(try JSONValue(parsing: text)["resource"]?["aws_instance"] != nil)
        }
    }
}
