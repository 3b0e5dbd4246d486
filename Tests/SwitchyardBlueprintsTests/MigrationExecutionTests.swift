import SwitchyardTesting
import Foundation
import Testing
import SwitchyardBlueprints
import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// The `migration` workflow with critical concerns, against a (fake) cluster, and to AWS.
@Suite(.timeLimit(.minutes(3))) struct MigrationExecutionTests {
    static func input(_ extra: [String: JSONValue]) -> JSONValue {
        guard case .object(var object) = MigrationWorkflowTests.files else { return .null }
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    @Test func aVMWithACriticalConcernBlocksItsWaveUntilAllowed() async throws {
        let h = try await MigrationHarness()
        defer { h.remove() }
        let estate = try h.writeSyntheticEstate(groups: 3)
        let vm = try h.makeFirstVMUnsupported(estate)
        let first = try await h.start(Self.input([:]))
        #expect(first.status == .interrupted || first.status == .succeeded, "\(first.errorMessage ?? "")")
        let (run, decided) = try await MigrationWorkflowTests.decideAll(h, first, rejecting: [])
        #expect(run.status == .succeeded, "\(run.errorCode ?? "") \(run.errorMessage ?? "")")
        let artifacts = try await h.artifacts(run.id)
        let waves = try #require(artifacts["plan_summary"]?.value["waves"]?.arrayValue)
        let held = try #require(waves.first { $0["vms"]?.arrayValue?.contains(.string(vm)) == true })
        let wave = try #require(held["wave"]?.intValue)
        #expect(held["blocked"] == true)
        #expect(held["blocked_vms"]?[0]?["vm"]?.stringValue == vm)
        #expect(held["blocked_vms"]?[0]?["checks"]?[0]?["id"] == "vmware.os.unsupported")
        #expect(decided[wave] == nil, "a blocked wave is not offered for approval")
        #expect(artifacts["migration/wave-0\(wave)/apply"] == nil, "nothing of the blocked VM is rolled out")
        #expect(artifacts["migration/wave-0\(wave)/rollback"] != nil)
        let outcome = artifacts["migration_report"]?.value["waves"]?.arrayValue?.first { $0["wave"]?.intValue == wave }
        #expect(outcome?["status"] == "blocked")
        let reason = outcome?["reasons"]?[0]?.stringValue ?? ""
        #expect(
            reason.contains(vm) && reason.contains("vmware.os.unsupported") && reason.contains("fix: "), "\(reason)")

        // Allowed explicitly: the wave is offered and the plan records the override.
        let h2 = try await MigrationHarness()
        defer { h2.remove() }
        let estate2 = try h2.writeSyntheticEstate(groups: 3)
        let vm2 = try h2.makeFirstVMUnsupported(estate2)
        let again = try await h2.start(Self.input(["allow_critical": [.string("vmware.os.unsupported:\(vm2)")]]))
        let (done, offered) = try await MigrationWorkflowTests.decideAll(h2, again, rejecting: [])
        #expect(done.status == .succeeded)
        let summary = try #require(try await h2.artifacts(done.id)["plan_summary"]?.value)
        #expect(summary["allowed_critical"]?[0]?["vm"]?.stringValue == vm2)
        #expect(summary["waves"]?.arrayValue?.allSatisfy { $0["blocked"] == false } == true)
        #expect(offered[wave] == "approve")
    }

    @Test func anApprovedWaveRunsAgainstTheConfiguredCluster() async throws {
        let fake = try FakeCluster()
        defer { fake.remove() }
        let h = try await MigrationHarness(execution: .enabled(searchPath: fake.directory))
        defer { h.remove() }
        _ = try h.writeSyntheticEstate(groups: 3)
        try h.write("estate/kubeconfig", "apiVersion: v1\nkind: Config\n")
        let first = try await h.start(
            Self.input(["cluster": ["kubeconfig": "estate/kubeconfig", "context": "prod"]]))
        #expect(first.status == .interrupted, "\(first.errorCode ?? "") \(first.errorMessage ?? "")")
        let run = try await h.decide(first.id, try ApprovalDecision(decision: "approve", comment: "go"))
        let artifacts = try await h.artifacts(run.id)
        let report = try #require(artifacts["migration/wave-01/run"]?.value)
        #expect(report["status"] == "succeeded" && report["dry_run"] == false, "\(report["error"] ?? .null)")
        let apply = try #require(artifacts["migration/wave-01/apply"]?.value)
        #expect(apply["dry_run"] == false)
        let steps = try #require(report["steps"]?.arrayValue)
        #expect(steps.count == apply["steps"]?.arrayValue?.count)
        #expect(steps.allSatisfy { $0["outcome"] == "succeeded" })
        #expect(fake.calls.count == steps.count)
        #expect(fake.calls.allSatisfy { $0.contains("--kubeconfig=\(h.root)/estate/kubeconfig --context=prod") })
        // The rollback artifact was written before the first command ran.
        let events = try await h.events(run.id)
        let rollback = try #require(events.firstIndex { $0.data["name"] == "migration/wave-01/rollback" })
        let executed = try #require(events.firstIndex { $0.kind == "migration.execute" })
        #expect(rollback < executed)
    }

    @Test func aFailingStepStopsTheMigrationAndRollsTheWaveBack() async throws {
        let fake = try FakeCluster()
        defer { fake.remove() }
        try fake.fail(on: "wait --for=condition=Succeeded")
        let h = try await MigrationHarness(execution: .enabled(searchPath: fake.directory))
        defer { h.remove() }
        _ = try h.writeSyntheticEstate(groups: 3)
        try h.write("estate/kubeconfig", "apiVersion: v1\nkind: Config\n")
        let first = try await h.start(Self.input(["cluster": ["kubeconfig": "estate/kubeconfig"]]))
        let run = try await h.decide(first.id, try ApprovalDecision(decision: "approve", comment: "go"))
        #expect(run.status == .succeeded, "no further wave is offered after a failure")
        let artifacts = try await h.artifacts(run.id)
        let report = try #require(artifacts["migration/wave-01/run"]?.value)
        #expect(report["status"] == "failed")
        let step = try #require(report["failed_step"]?.intValue)
        #expect(report["error"]?.stringValue?.contains("wave 1 step \(step) failed") == true)
        #expect(report["rollback"]?.arrayValue?.isEmpty == false && report["rollback_succeeded"] == true)
        #expect(fake.calls.contains { $0.contains("delete migration/") })
        let final = try #require(artifacts["migration_report"]?.value)
        #expect(final["failed"] == [1] && final["dry_run"] == false)
        for outcome in final["waves"]?.arrayValue ?? [] where outcome["wave"] != 1 {
            #expect(outcome["status"] == "blocked")
            #expect(outcome["reasons"]?[0]?.stringValue?.contains("wave 1 failed against the cluster") == true)
        }
    }

    @Test func aClusterNeedsExecutionTurnedOn() async throws {
        let h = try await MigrationHarness()
        defer { h.remove() }
        _ = try h.writeSyntheticEstate(groups: 2)
        try h.write("estate/kubeconfig", "apiVersion: v1\nkind: Config\n")
        let run = try await h.start(Self.input(["cluster": ["kubeconfig": "estate/kubeconfig"]]))
        #expect(run.status == .failed && run.errorCode == "invalid_input")
        #expect(run.errorMessage?.contains("--migration-execute") == true)
        // And a kubeconfig outside the migration input directory is refused.
        let fake = try FakeCluster()
        defer { fake.remove() }
        let e = try await MigrationHarness(execution: .enabled(searchPath: fake.directory))
        defer { e.remove() }
        _ = try e.writeSyntheticEstate(groups: 2)
        let outside = try await e.start(Self.input(["cluster": ["kubeconfig": .string(fake.kubeconfig)]]))
        #expect(outside.status == .failed && outside.errorCode == "path_not_allowed")
    }

    @Test func targetAWSPlansTerraformPerWave() async throws {
        let h = try await MigrationHarness()
        defer { h.remove() }
        let estate = try h.writeSyntheticEstate(groups: 3)
        let first = try await h.start(Self.input(["target": "aws", "aws_region": "eu-central-1"]))
        #expect(first.status == .interrupted, "\(first.errorCode ?? "") \(first.errorMessage ?? "")")
        let (run, _) = try await MigrationWorkflowTests.decideAll(h, first, rejecting: [])
        #expect(run.status == .succeeded)
        let artifacts = try await h.artifacts(run.id)
        #expect(artifacts["lint_summary"]?.value["errors"] == 0 && artifacts["lint_summary"]?.value["target"] == "aws")
        var sources: [String] = []
        for (name, artifact) in artifacts where name.hasSuffix("/apply") {
            #expect(artifact.value["method"] == "terraform")
            let files = try #require(artifact.value["files"]?.objectValue)
            #expect(files.count == 1 && files.keys.first?.hasSuffix("/main.tf.json") == true)
            let doc = try JSONValue(parsing: files.values.first?.stringValue ?? "")
            #expect(doc["provider"]?["aws"]?["region"] == "eu-central-1")
            for (_, instance) in doc["resource"]?["aws_instance"]?.objectValue ?? [:] {
                sources.append(instance["tags"]?["SourceVM"]?.stringValue ?? "")
                #expect(instance["instance_type"]?.stringValue?.contains(".") == true)
            }
            let commands = (artifact.value["steps"]?.arrayValue ?? []).compactMap { $0["command"]?.stringValue }
            #expect(commands.contains { $0.contains(" apply -input=false wave.tfplan") })
        }
        #expect(sources.sorted() == estate.vms.map(\.name).sorted(), "one instance per VM")
    }
}
