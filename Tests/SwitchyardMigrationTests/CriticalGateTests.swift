import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardMigration

/// A VM with a critical pre-migration concern blocks its wave (Forklift refuses such a plan) until it is fixed
/// or the check is allowed explicitly, and its manifests are never written or rolled out.
@Suite struct CriticalGateTests {
    /// The synthetic estate of the rollout tests with `change` made to its first VM.
    static func planned(
        _ change: (inout SourceVM) -> Void
    ) throws -> (Discovery, [Manifest], String) {
        let synthetic = SyntheticEstate(
            .init(seed: 3, groups: 4, groupSize: 3...5, crossGroupProbability: 0.5, flowRecords: 3000))
        let found = try PlanningTests.discover(synthetic, cap: 6)
        var vms = found.estate.vms
        change(&vms[0])
        let d = try Discovery.run(estate: Estate(vms), flows: found.flows, options: .init(waveCap: 6))
        let manifests = KubeVirtTranspiler(options: TranspileOptions(storageClass: "fast")).manifests(
            estate: d.estate, groups: d.groups, waves: d.waves, flows: d.flows)
        return (d, manifests, vms[0].name)
    }

    static let changes: [(String, @Sendable (inout SourceVM) -> Void)] = [
        ("vmware.disk.rdm.detected", { $0.disks.append(SourceDisk(label: "Hard disk 9", capacityMiB: 0, raw: true)) }),
        ("vmware.device.pci_passthrough.detected", { $0.pciPassthroughCount = 1 }),
        ("vmware.cpu_affinity.detected", { $0.cpuAffinity = [0, 1] }),
        ("vmware.os.unsupported", { $0.guestOS = "FreeBSD 13 (64-bit)" }),
    ]

    @Test(arguments: 0..<4) func aCriticalConcernBlocksItsWaveWithTheCheckAndTheFix(_ which: Int) throws {
        let (check, change) = Self.changes[which]
        let (d, manifests, vm) = try Self.planned(change)
        let concerns = d.estate.vms.flatMap { PreMigrationChecks().check($0) }
        #expect(PreMigrationChecks.criticalIDs.contains(check))
        let planner = RolloutPlanner(
            method: .forklift(ForkliftSettings(storageClass: "fast")), namespace: "migrated",
            linter: try ManifestLinter(), policy: try PolicyEngine.shipped())
        let runbooks = planner.runbooks(d, manifests: manifests, findings: [], concerns: concerns)
        let wave = d.waves.waveOf[try #require(d.estate.index(of: vm))]
        for runbook in runbooks {
            if runbook.wave == wave {
                #expect(runbook.blockedVMs.map(\.vm) == [vm])
                #expect(runbook.blockedVMs.first?.concerns.map(\.id) == [check])
                let reason = try #require(runbook.blocking.first)
                #expect(reason.contains(vm) && reason.contains(check) && reason.contains("fix: "), "\(reason)")
                // No rollout at all: nothing of the blocked VM (or its wave) can be applied.
                #expect(runbook.apply.files.isEmpty && runbook.apply.steps.isEmpty)
                #expect(!runbook.rollback.steps.isEmpty)
                let summary = runbook.summary
                #expect(summary["blocked_vms"]?.arrayValue?.first?["vm"]?.stringValue == vm)
                #expect(summary["blocked_vms"]?.arrayValue?.first?["checks"]?[0]?["id"]?.stringValue == check)
            } else {
                #expect(runbook.blocking.isEmpty && runbook.blockedVMs.isEmpty, "wave \(runbook.wave)")
            }
        }
        // Allowed for that VM: the wave goes, and the override is recorded.
        let gate = try CriticalGate(parsing: ["\(check):\(vm)"])
        let allowed = planner.runbooks(d, manifests: manifests, findings: [], concerns: concerns, gate: gate)
        let runbook = try #require(allowed.first { $0.wave == wave })
        #expect(runbook.blocking.isEmpty && !runbook.apply.steps.isEmpty)
        #expect(runbook.allowedCritical.map(\.id) == [check] && runbook.allowedCritical.map(\.vm) == [vm])
        #expect(runbook.summary["allowed_critical"]?[0]?["check"]?.stringValue == check)
        // Allowing another check, or the check for another VM, does not.
        let other = try CriticalGate(parsing: [check + ":someone-else"])
        #expect(!other.blocking(concerns).isEmpty)
    }

    @Test func thePlanLeavesTheBlockedVMsManifestsOutAndSaysWhy() throws {
        let (d, _, vm) = try Self.planned { $0.pciPassthroughCount = 2 }
        let dir = NSTemporaryDirectory() + "switchyard-gate-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try MigrationPlan.build(d, options: TranspileOptions(storageClass: "fast"))
        #expect(plan.blocked.map(\.vm) == [vm])
        let written = try plan.write(to: dir, discovery: d, terraform: TerraformTranspiler())
        let target = NameAllocator(d.estate.vms.map(\.name))[vm]
        #expect(!written.contains { $0.hasSuffix("virtualmachine-\(target).yaml") }, "\(written)")
        #expect(!written.contains { $0.hasSuffix("service-\(target).yaml") })
        #expect(written.contains { $0.contains("virtualmachine-") })
        let tf = written.filter { $0.hasSuffix(".tf.json") }
        for path in tf {
            let text = try String(contentsOfFile: dir + "/" + path, encoding: .utf8)
            #expect(!text.contains("\"SourceVM\": \"\(vm)\""), "\(path) has an instance for the blocked VM")
        }
        let report = try JSONValue(parsing: try String(contentsOfFile: dir + "/plan.json", encoding: .utf8))
        let blocked = try #require(report["blocked"]?.arrayValue?.first)
        #expect(blocked["vm"]?.stringValue == vm)
        #expect(blocked["checks"]?[0]?["id"] == "vmware.device.pci_passthrough.detected")
        #expect(blocked["checks"]?[0]?["fix"]?.stringValue?.contains("remove them") == true)
        let wave = d.waves.waveOf[try #require(d.estate.index(of: vm))]
        let waveEntry = report["waves"]?.arrayValue?.first { $0["wave"]?.intValue == wave }
        #expect(waveEntry?["blocked"] == true && waveEntry?["blockedVMs"] == [.string(vm)])
        #expect(report["manifests"]?.arrayValue?.contains { $0.stringValue?.contains(target) == true } == false)

        // With the override the VM is planned, and the plan records who was let through.
        let allowed = try MigrationPlan.build(
            d, options: TranspileOptions(storageClass: "fast"),
            gate: CriticalGate(allowing: [.init(check: "vmware.device.pci_passthrough.detected")]))
        #expect(allowed.blocked.isEmpty)
        #expect(allowed.report(d)["allowedCritical"]?[0]?["vm"]?.stringValue == vm)
    }

    @Test func allowancesAreChecked() {
        #expect(throws: SwitchyardError.self) { try CriticalGate(parsing: ["vmware.snapshot.detected"]) }
        #expect(throws: SwitchyardError.self) { try CriticalGate(parsing: ["nonsense"]) }
        let gate = try? CriticalGate(parsing: ["vmware.disk.rdm.detected:no-such-vm"])
        #expect(gate?.allowances == [.init(check: "vmware.disk.rdm.detected", vm: "no-such-vm")])
        #expect(throws: SwitchyardError.self) { try gate?.validate(Estate([SourceVM(name: "a")])) }
        // A VM name may hold a colon.
        let colon = try? CriticalGate(parsing: ["vmware.os.unsupported:db:1"])
        #expect(colon?.allowances.first?.vm == "db:1")
    }

    @Test func runbooksCheckpointedBeforeTheGateStillRead() throws {
        let (_, runbooks) = try RolloutTests.plan(method: .manifests)
        guard case .object(var object) = try JSONValue(encoding: runbooks[0]) else {
            Issue.record("not an object")
            return
        }
        object["blockedVMs"] = nil
        object["allowedCritical"] = nil
        let old = try JSONValue.object(object).decode(WaveRunbook.self)
        #expect(old.blockedVMs.isEmpty && old.allowedCritical.isEmpty && old.wave == runbooks[0].wave)
        #expect(try JSONValue(encoding: old) == JSONValue(encoding: runbooks[0]))
    }
}
