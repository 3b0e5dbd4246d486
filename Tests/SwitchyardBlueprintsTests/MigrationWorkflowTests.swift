import Foundation
import Testing
import SwitchyardBlueprints
import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// The `migration` workflow end to end through the runtime (queue, worker, checkpoints, approvals) on a small
/// synthetic estate.
@Suite(.timeLimit(.minutes(3))) struct MigrationWorkflowTests {
    static let files: JSONValue = [
        "inventory": ["estate/RVTools_tabvInfo.csv", "estate/RVTools_tabvNetwork.csv", "estate/RVTools_tabvDisk.csv"],
        "flows": ["estate/flows.csv"], "wave_cap": 4, "storage_class": "fast",
    ]

    /// Answers every approval: `reject` for the waves in `rejected`, `approve` for the others.
    static func decideAll(
        _ h: MigrationHarness, _ run: RunRecord, rejecting rejected: Set<Int>
    ) async throws -> (
        RunRecord, [Int: String]
    ) {
        var run = run
        var decided: [Int: String] = [:]
        while run.status == .interrupted {
            let deliverable = run.interrupt?["deliverable"]
            let wave = try #require(deliverable?["wave"]?.intValue, "\(run.interrupt ?? .null)")
            #expect(deliverable?["moves"]?.arrayValue?.isEmpty == false)
            #expect(deliverable?["rollback_steps"]?.arrayValue?.isEmpty == false)
            #expect(deliverable?["apply_steps"]?.arrayValue?.isEmpty == false)
            #expect(run.interrupt?["plan_summary"]?["dry_run"] == true)
            if rejected.contains(wave) {
                decided[wave] = "reject"
                run = try await h.decide(
                    run.id, try ApprovalDecision(decision: "reject", comment: "hold: the team is mid-release"))
            } else {
                decided[wave] = "approve"
                run = try await h.decide(run.id, try ApprovalDecision(decision: "approve", comment: "go"))
            }
        }
        return (run, decided)
    }

    @Test func eachWaveIsApprovedOrHeldAndRollbacksAreWrittenBeforeAnyRollout() async throws {
        let model = ScriptedModel([])
        let h = try await MigrationHarness(model: model)
        defer { h.remove() }
        _ = try h.writeSyntheticEstate(groups: 3)
        let first = try await h.start(Self.files)
        #expect(first.status == .interrupted, "\(first.errorCode ?? "") \(first.errorMessage ?? "")")
        let (run, decided) = try await Self.decideAll(h, first, rejecting: [2])
        #expect(run.status == .succeeded, "\(run.errorCode ?? "") \(run.errorMessage ?? "")")
        #expect(decided[1] == "approve" && decided[2] == "reject")
        // The transpiled manifests are clean, so the model is never asked for fixes.
        #expect(model.callCount == 0)

        let artifacts = try await h.artifacts(run.id)
        // The pictures for the console, from the waves step.
        let svg = try #require(artifacts["migration/groups.svg"]?.value)
        #expect(svg["media_type"] == "image/svg+xml")
        #expect(svg["text"]?.stringValue?.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") == true)
        let dot = try #require(artifacts["migration/estate.dot"]?.value)
        #expect(dot["text"]?.stringValue?.hasPrefix("digraph estate {") == true)
        let waves = try #require(artifacts["plan_summary"]?.value["waves"]?.arrayValue)
        #expect(waves.count >= 3)
        for wave in 1...waves.count {
            #expect(artifacts["migration/wave-0\(wave)/rollback"] != nil, "wave \(wave) has no rollback")
        }
        #expect(artifacts["migration/wave-01/apply"] != nil)
        #expect(artifacts["migration/wave-02/apply"] == nil, "a held wave gets no rollout")
        let report = try #require(artifacts["migration_report"]?.value)
        #expect(report["held"] == [2])
        #expect(report["applied"]?.arrayValue?.contains(1) == true)
        #expect(report["dry_run"] == true)
        for outcome in report["waves"]?.arrayValue ?? [] where outcome["status"] == "blocked" {
            #expect(
                outcome["reasons"]?.arrayValue?.contains { $0.stringValue?.contains("which was held") == true } == true)
        }
        // Rollback before rollout: every rollback artifact is written (event order and time) before any apply.
        let names = try await h.events(run.id).filter { $0.kind == "migration.artifact" }.compactMap {
            $0.data["name"]?.stringValue
        }
        let firstApply = try #require(names.firstIndex { $0.hasSuffix("/apply") })
        let lastRollback = try #require(names.lastIndex { $0.hasSuffix("/rollback") })
        #expect(lastRollback < firstApply, "\(names)")
        for (name, apply) in artifacts where name.hasSuffix("/apply") {
            let rollback = try #require(artifacts[name.replacingOccurrences(of: "/apply", with: "/rollback")])
            #expect(rollback.created <= apply.created)
            #expect(apply.value["rollback"]?.stringValue == rollback.name)
        }
        // Wave 1's rollout: the Forklift resources and the commands in order, nothing run.
        let apply = try #require(artifacts["migration/wave-01/apply"]?.value)
        #expect(apply["dry_run"] == true && apply["method"] == "forklift")
        let plan = try #require(apply["files"]?["wave-01/forklift/plan.yaml"]?.stringValue)
        #expect(
            plan.contains("kind: Plan") && plan.contains("targetNamespace: migrated") && plan.contains("type: cold"))
        let storage = try #require(apply["files"]?["wave-01/forklift/storagemap.yaml"]?.stringValue)
        #expect(storage.contains("storageClass: fast") && storage.contains("name: ds1"))
        let commands = (apply["steps"]?.arrayValue ?? []).compactMap { $0["command"]?.stringValue }
        let order = [
            "kubectl apply -f networks/", "forklift/plan.yaml", "wait --for=condition=Ready plan/",
            "kubectl apply -f wave-01/forklift/migration.yaml", "wait --for=condition=Succeeded migration/",
        ].map { part in commands.firstIndex { $0.contains(part) } ?? -1 }
        #expect(!order.contains(-1) && order == order.sorted(), "\(commands)")
        #expect(apply["script"]?.stringValue?.hasPrefix("#!/bin/sh") == true)
        let rollback = (artifacts["migration/wave-01/rollback"]?.value["steps"]?.arrayValue ?? []).compactMap {
            $0["command"]?.stringValue
        }
        #expect(rollback.contains { $0.hasPrefix("virtctl -n migrated stop ") })
        #expect(rollback.contains { $0.hasPrefix("govc vm.power -on ") })
        #expect(rollback.contains { $0.contains("delete pvc -l vmID=vm-") })
    }

    @Test func holdingAWaveBlocksTheWavesThatDependOnIt() async throws {
        let h = try await MigrationHarness()
        defer { h.remove() }
        _ = try h.writeSyntheticEstate(groups: 3)
        var input = Self.files
        if case .object(var object) = input {
            object["method"] = "manifests"
            input = .object(object)
        }
        let first = try await h.start(input)
        let (run, decided) = try await Self.decideAll(h, first, rejecting: [1])
        #expect(run.status == .succeeded, "\(run.errorCode ?? "") \(run.errorMessage ?? "")")
        let artifacts = try await h.artifacts(run.id)
        // The pictures for the console, from the waves step.
        let svg = try #require(artifacts["migration/groups.svg"]?.value)
        #expect(svg["media_type"] == "image/svg+xml")
        #expect(svg["text"]?.stringValue?.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") == true)
        let dot = try #require(artifacts["migration/estate.dot"]?.value)
        #expect(dot["text"]?.stringValue?.hasPrefix("digraph estate {") == true)
        let waves = try #require(artifacts["plan_summary"]?.value["waves"]?.arrayValue)
        let dependents = waves.filter { $0["depends_on"]?.arrayValue?.contains(1) == true }.compactMap {
            $0["wave"]?.intValue
        }
        #expect(!dependents.isEmpty, "the synthetic estate should have a wave that depends on wave 1")
        let outcomes = artifacts["migration_report"]?.value["waves"]?.arrayValue ?? []
        for wave in dependents {
            #expect(decided[wave] == nil, "wave \(wave) depends on a held wave and must not be offered")
            let outcome = outcomes.first { $0["wave"]?.intValue == wave }
            #expect(outcome?["status"] == "blocked")
            #expect(outcome?["reasons"]?.arrayValue?.first?.stringValue?.contains("depends on wave") == true)
            #expect(artifacts["migration/wave-0\(wave)/apply"] == nil)
        }
        // The manifests method's rollout applies the VirtualMachines and waits for their disks.
        if let applied = artifacts.first(where: { $0.key.hasSuffix("/apply") })?.value.value {
            let commands = (applied["steps"]?.arrayValue ?? []).compactMap { $0["command"]?.stringValue }
            #expect(commands.contains { $0.contains("virtualmachine-") })
            #expect(commands.contains { $0.contains("wait --for=condition=Ready datavolume/") })
        }
    }
}
