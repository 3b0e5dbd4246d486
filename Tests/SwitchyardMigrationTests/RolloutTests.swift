import SwitchyardCore
import Testing

@testable import SwitchyardMigration

/// Per-wave runbooks: what moves, dependencies, rollout bundles that pass the schemas, rollbacks.
@Suite struct RolloutTests {
    static func plan(method: RolloutMethod, seed: UInt64 = 3) throws -> (Discovery, [WaveRunbook]) {
        let synthetic = SyntheticEstate(
            .init(seed: seed, groups: 4, groupSize: 3...5, crossGroupProbability: 0.5, flowRecords: 3000))
        let d = try PlanningTests.discover(synthetic, cap: 6)
        let manifests = KubeVirtTranspiler(options: TranspileOptions(storageClass: "fast")).manifests(
            estate: d.estate, groups: d.groups, waves: d.waves, flows: d.flows)
        let linter = try ManifestLinter()
        let policy = try PolicyEngine.shipped()
        let findings = FixValidator(
            linter: linter, policy: policy, expectedVMs: NameAllocator(d.estate.vms.map(\.name)).names.values.sorted()
        ).findings(manifests)
        #expect(findings.isEmpty, "\(findings.prefix(3))")
        let planner = RolloutPlanner(method: method, namespace: "migrated", linter: linter, policy: policy)
        let concerns = d.estate.vms.flatMap { PreMigrationChecks().check($0) }
        return (d, planner.runbooks(d, manifests: manifests, findings: findings, concerns: concerns))
    }

    @Test(arguments: ["forklift", "manifests"]) func everyWaveHasARolloutThatPassesTheSchemas(_ name: String) throws {
        let method: RolloutMethod = name == "forklift" ? .forklift(ForkliftSettings(storageClass: "fast")) : .manifests
        let (d, runbooks) = try Self.plan(method: method)
        #expect(runbooks.map(\.wave) == d.waves.waves.map(\.number))
        #expect(runbooks.flatMap(\.moves).count == d.estate.count)
        let linter = try ManifestLinter()
        for runbook in runbooks {
            #expect(runbook.blocking.isEmpty, "\(runbook.blocking)")
            #expect(linter.lint(runbook.apply.files).isEmpty, "\(linter.lint(runbook.apply.files).prefix(3))")
            #expect(!runbook.apply.steps.isEmpty && !runbook.rollback.steps.isEmpty)
            // Dependencies point only to earlier waves, and name real links.
            for dependency in runbook.dependsOn {
                #expect(dependency.wave < runbook.wave && !dependency.links.isEmpty)
            }
            // The rollback brings back every source VM that was running.
            let powerOn = runbook.rollback.steps.filter { $0.side == "source" }.count
            #expect(powerOn == runbook.moves.filter { $0.powerState != "poweredOff" }.count)
            #expect(runbook.apply.script(title: "t").hasPrefix("#!/bin/sh\n# t\n"))
        }
        if name == "forklift" {
            let kinds = Set(runbooks[0].apply.files.map(\.kind))
            #expect(kinds.isSuperset(of: ["Plan", "NetworkMap", "StorageMap", "Migration"]))
            let plan = try #require(runbooks[0].apply.files.first { $0.kind == "Plan" })
            #expect(plan.object["spec"]?["vms"]?.arrayValue?.count == runbooks[0].moves.count)
            #expect(plan.object["spec"]?["vms"]?.arrayValue?.first?["id"]?.stringValue?.hasPrefix("vm-") == true)
        }
    }

    @Test func aWaveWithAnOpenErrorGetsNoRollout() throws {
        let (d, clean) = try Self.plan(method: .manifests)
        let target = try #require(clean.first?.moves.first?.target)
        let finding = LintFinding(
            rule: "resource-limits-set", object: "wave-01/virtualmachine-\(target).yaml#VirtualMachine/\(target)",
            pointer: "", message: "limits are not set", fix: "set them", severity: .error)
        let manifests = KubeVirtTranspiler(options: TranspileOptions(storageClass: "fast")).manifests(
            estate: d.estate, groups: d.groups, waves: d.waves, flows: d.flows)
        let runbooks = RolloutPlanner(
            method: .manifests, namespace: "migrated", linter: try ManifestLinter(), policy: try PolicyEngine.shipped()
        ).runbooks(d, manifests: manifests, findings: [finding], concerns: [])
        #expect(runbooks[0].blocking.count == 1 && runbooks[0].blocking[0].contains("resource-limits-set"))
        #expect(runbooks[0].apply.files.isEmpty && runbooks[0].apply.steps.isEmpty)
        #expect(!runbooks[0].rollback.steps.isEmpty)
        #expect(runbooks.dropFirst().allSatisfy { $0.blocking.isEmpty })
    }

    @Test func forkliftNeedsTheDatastores() throws {
        let estate = Estate([
            SourceVM(name: "legacy", disks: [SourceDisk(label: "scsi0:0", capacityMiB: 0, fileName: "legacy.vmdk")])
        ])
        let d = try Discovery.run(
            estate: estate, flows: FlowTable(links: [], records: 0, matched: 0, external: 0, skipped: 0))
        let manifests = KubeVirtTranspiler().manifests(
            estate: d.estate, groups: d.groups, waves: d.waves, flows: d.flows)
        let runbooks = RolloutPlanner(
            method: .forklift(ForkliftSettings(storageClass: "fast")), namespace: "migrated",
            linter: try ManifestLinter(), policy: try PolicyEngine.shipped()
        ).runbooks(d, manifests: manifests, findings: [], concerns: [])
        #expect(runbooks[0].blocking.first?.contains("datastore") == true)
        #expect(runbooks[0].apply.steps.isEmpty)
    }

    @Test func namesFromTheInventoryAreShellQuoted() {
        #expect(Shell.quote("web-01") == "web-01")
        #expect(Shell.quote("Web 01 (old)") == "'Web 01 (old)'")
        #expect(Shell.quote("it's") == "'it'\\''s'")
        #expect(Shell.quote("$(rm -rf /)") == "'$(rm -rf /)'")
    }
}

/// JSON Patch as the fix proposals use it.
@Suite struct JSONPatchTests {
    let document: JSONValue = ["spec": ["list": [1, 2], "name": "a"]]

    @Test func addReplaceRemoveAndAppend() throws {
        let patch = try JSONPatch([
            ["op": "replace", "path": "/spec/name", "value": "b"], ["op": "add", "path": "/spec/list/-", "value": 3],
            ["op": "remove", "path": "/spec/list/0"], ["op": "add", "path": "/spec/new", "value": ["x": true]],
            ["op": "test", "path": "/spec/name", "value": "b"],
        ])
        #expect(try patch.apply(to: document) == ["spec": ["list": [2, 3], "name": "b", "new": ["x": true]]])
    }

    @Test(arguments: [
        (["op": "replace", "path": "/spec/missing", "value": 1] as JSONValue, "no member 'missing'"),
        (["op": "remove", "path": "/spec/list/5"] as JSONValue, "out of range"),
        (["op": "add", "path": "/spec/name/x", "value": 1] as JSONValue, "goes into a string"),
        (["op": "test", "path": "/spec/name", "value": "z"] as JSONValue, "the value differs"),
    ])
    func failuresSayWhere(_ operation: JSONValue, _ expected: String) throws {
        let patch = try JSONPatch([operation])
        #expect { try patch.apply(to: document) } throws: { error in
            let message = (error as? SwitchyardError)?.message ?? ""
            return message.contains(expected) && message.contains("patch operation 0")
        }
    }

    @Test func malformedPatchesAreRefused() {
        #expect(throws: SwitchyardError.self) { try JSONPatch(["op": "add"]) }
        #expect(throws: SwitchyardError.self) { try JSONPatch([["op": "move", "path": "/a"]]) }
        #expect(throws: SwitchyardError.self) { try JSONPatch([["op": "add", "path": "a", "value": 1]]) }
        #expect(throws: SwitchyardError.self) { try JSONPatch([["op": "add", "path": "/a"]]) }
    }
}

/// Fix proposals may not make a finding go away by inventing or dropping facts about the source.
@Suite struct FixValidatorTests {
    @Test func sourceFactsCannotBeInventedOrReplaced() throws {
        let vm = SourceVM(
            name: "app-1", cpus: 2, memoryMiB: 2048,
            disks: [SourceDisk(label: "Hard disk 1", capacityMiB: 10240, fileName: "[ds1] app-1/app-1.vmdk")],
            source: "hand")
        let estate = Estate([vm])
        let flows = try FlowParser.parse(
            Array("src,dst,port,protocol,bytes,count\n".utf8), file: "f", addresses: .init(estate))
        let d = try Discovery.run(estate: estate, flows: flows, options: .init(waveCap: 5))
        let vddk = TranspileOptions.VDDKSource(
            url: "https://vc.example.com/sdk", secretName: "vcenter", thumbprint: "AA:BB",
            initImageURL: "registry.example.com/vddk:8.0.2")
        let manifests = KubeVirtTranspiler(options: TranspileOptions(vddk: vddk)).manifests(
            estate: d.estate, groups: d.groups, waves: d.waves, flows: d.flows)
        let validator = FixValidator(
            linter: try ManifestLinter(), policy: try PolicyEngine.shipped(), expectedVMs: ["app-1"])
        let findings = validator.findings(manifests)
        // No BIOS UUID in the inventory: the import is reported, not turned into a blank disk.
        #expect(findings.map(\.rule) == ["datavolume.vddk"] && findings[0].message.contains("no uuid"), "\(findings)")
        let source = "/spec/dataVolumeTemplates/0/spec/source"
        let proposals = [
            FixProposal(
                finding: 0,
                patch: [
                    [
                        "op": "add", "path": .string(source + "/vddk/uuid"),
                        "value": "4211aaaa-0000-4000-8000-000000000001",
                    ]
                ]),
            FixProposal(finding: 0, patch: [["op": "replace", "path": .string(source), "value": ["blank": [:]]]]),
            FixProposal(finding: 0, patch: [["op": "remove", "path": "/spec/dataVolumeTemplates/0"]]),
        ]
        let review = validator.review(proposals, findings: findings, manifests: manifests)
        #expect(review.accepted.isEmpty)
        #expect(review.dropped.count == 3)
        #expect(review.dropped.allSatisfy { $0.reason.contains("a fact about the source VM") }, "\(review.dropped)")
        #expect(FixValidator.touchesSourceFact(source + "/vddk/initImageURL") == false)
        #expect(FixValidator.touchesSourceFact("/spec/template/spec/domain/resources/limits") == false)
        #expect(FixValidator.touchesSourceFact("/spec/template/spec/domain/firmware"))
    }
}
