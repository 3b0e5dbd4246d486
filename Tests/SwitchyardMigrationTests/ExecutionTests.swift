import SwitchyardTesting
import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardMigration

/// Steps read back without a shell.
@Suite struct StepCommandTests {
    @Test func wordsQuotesAndTolerance() throws {
        let plain = try StepCommand(parsing: "kubectl -n migrated wait --for=condition=Ready vmi/web-1 --timeout=15m")
        #expect(
            plain.argv == ["kubectl", "-n", "migrated", "wait", "--for=condition=Ready", "vmi/web-1", "--timeout=15m"])
        #expect(!plain.mayFail)
        let quoted = try StepCommand(parsing: "govc vm.power -on 'Web 01 (old)'")
        #expect(quoted.argv == ["govc", "vm.power", "-on", "Web 01 (old)"])
        let tolerant = try StepCommand(parsing: "virtctl -n migrated stop " + Shell.quote("it's") + " || true")
        #expect(tolerant.argv == ["virtctl", "-n", "migrated", "stop", "it's"] && tolerant.mayFail)
        #expect(try StepCommand(parsing: Shell.quote("$(rm -rf /)")).argv == ["$(rm -rf /)"])
    }

    @Test(arguments: ["kubectl get $HOME", "kubectl get x; rm -rf /", "kubectl get x > out", "kubectl 'open", "  "])
    func shellSyntaxIsRefused(_ line: String) {
        #expect(throws: SwitchyardError.self) { try StepCommand(parsing: line) }
    }
}

/// Running a wave against a cluster, with fake `kubectl` and `virtctl` scripts as the cluster.
@Suite(.timeLimit(.minutes(1))) struct RolloutExecutorTests {
    /// Wave 1 of the rollout tests' estate, rolled out with Forklift (no vSphere step in the rollout).
    static func wave() throws -> WaveRunbook {
        let (_, runbooks) = try RolloutTests.plan(method: .forklift(ForkliftSettings(storageClass: "fast")))
        return try #require(runbooks.first)
    }

    static func workDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "switchyard-exec-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func everyStepRunsInOrderWithTheConfiguredCluster() async throws {
        let fake = try FakeCluster()
        defer { fake.remove() }
        let runbook = try Self.wave()
        let dir = try Self.workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = ClusterTarget(kubeconfig: fake.kubeconfig, context: "prod", searchPath: fake.directory)
        let report = await RolloutExecutor(target: target).run(
            wave: 1, apply: runbook.apply, rollback: runbook.rollback.steps, directory: dir)
        #expect(report.status == "succeeded" && report.error == nil, "\(report.error ?? "")")
        #expect(report.steps.count == runbook.apply.steps.count)
        #expect(report.steps.allSatisfy { $0.outcome == "succeeded" && $0.exitStatus == 0 })
        #expect(report.rollback == nil)
        // The calls the cluster saw are the written steps, in order, each with the kubeconfig and context.
        let calls = fake.calls
        #expect(calls.count == runbook.apply.steps.count)
        for (call, step) in zip(calls, runbook.apply.steps) {
            let argv = try StepCommand(parsing: step.command).argv
            let expected =
                [argv[0], "--kubeconfig=\(fake.kubeconfig)", "--context=prod"] + argv.dropFirst()
            #expect(call == expected.joined(separator: " "))
        }
        #expect(report.steps[0].argv.first == fake.directory + "/kubectl")
        // Each -f file was there (the fake fails a missing one), written from the plan.
        #expect(FileManager.default.fileExists(atPath: dir + "/wave-01/forklift/plan.yaml"))
        #expect(report.json["steps"]?[0]?["outcome"] == "succeeded" && report.json["dry_run"] == false)
    }

    @Test func aFailingStepStopsTheWaveAndItsRollbackRuns() async throws {
        let fake = try FakeCluster()
        defer { fake.remove() }
        try fake.fail(on: "wait --for=condition=Succeeded")
        let runbook = try Self.wave()
        let dir = try Self.workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = ClusterTarget(kubeconfig: fake.kubeconfig, searchPath: fake.directory)
        let report = await RolloutExecutor(target: target).run(
            wave: 1, apply: runbook.apply, rollback: runbook.rollback.steps, directory: dir)
        let k =
            try #require(
                runbook.apply.steps.firstIndex { $0.command.contains("wait --for=condition=Succeeded") }) + 1
        #expect(report.status == "failed" && report.failedStep == k)
        let error = try #require(report.error)
        #expect(error.contains("wave 1 step \(k) failed (exit status 1)"), "\(error)")
        #expect(error.contains("timed out waiting for the condition") && error.contains("rollback ran"))
        #expect(report.steps[k - 1].outcome == "failed" && report.steps[k - 1].stderr.contains("timed out"))
        #expect(report.steps[k...].allSatisfy { $0.outcome == "not_run" })
        // The rollback's cluster steps ran, in order, after the failure; its vSphere steps are left to a person.
        let rollback = try #require(report.rollback)
        #expect(rollback.count == runbook.rollback.steps.count)
        #expect(rollback.filter { $0.side == "cluster" }.allSatisfy { $0.outcome == "succeeded" })
        #expect(rollback.filter { $0.side == "source" }.allSatisfy { $0.outcome == "manual" })
        #expect(report.rollbackSucceeded == true)
        let calls = fake.calls
        #expect(calls.count == k + runbook.rollback.steps.filter { $0.side == "cluster" }.count)
        #expect(calls[k].hasPrefix("kubectl --kubeconfig=") && calls[k].contains("delete migration/"))
        #expect(calls.contains { $0.hasPrefix("virtctl ") && $0.contains(" stop ") })

        // Without rollback_on_failure the failure is reported and nothing more runs.
        let calm = try FakeCluster()
        defer { calm.remove() }
        try calm.fail(on: "wait --for=condition=Succeeded")
        let calmDirectory = try Self.workDirectory()
        defer { try? FileManager.default.removeItem(atPath: calmDirectory) }
        let noRollback = await RolloutExecutor(
            target: ClusterTarget(kubeconfig: calm.kubeconfig, searchPath: calm.directory, rollbackOnFailure: false)
        ).run(wave: 1, apply: runbook.apply, rollback: runbook.rollback.steps, directory: calmDirectory)
        #expect(noRollback.rollback == nil && noRollback.error?.contains("rollback was not run") == true)
        #expect(calm.calls.count == k)
    }

    @Test func aMissingProgramRefusesTheWaveBeforeAnythingRuns() async throws {
        let fake = try FakeCluster(programs: ["kubectl"])
        defer { fake.remove() }
        let runbook = try Self.wave()
        let target = ClusterTarget(kubeconfig: fake.kubeconfig, searchPath: fake.directory)
        let dir = try Self.workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let report = await RolloutExecutor(target: target).run(
            wave: 1, apply: runbook.apply, rollback: runbook.rollback.steps, directory: dir)
        #expect(report.status == "refused")
        let error = try #require(report.error)
        #expect(error.contains("needs virtctl") && error.contains("not on the search path"), "\(error)")
        #expect(error.contains("nothing was run"))
        #expect(fake.calls.isEmpty)
        #expect(report.steps.allSatisfy { $0.outcome == "not_run" })
        // A configured path that is not there says so.
        let configured = ClusterTarget(
            kubeconfig: fake.kubeconfig, tools: ["kubectl": "/nonexistent/kubectl"], searchPath: fake.directory)
        #expect(configured.resolve("kubectl") == nil)
    }

    @Test func vSphereStepsInARolloutNeedConfiguring() async throws {
        let fake = try FakeCluster()
        defer { fake.remove() }
        let (_, runbooks) = try RolloutTests.plan(method: .manifests)
        let runbook = try #require(runbooks.first { $0.apply.steps.contains { $0.side == "source" } })
        let dir = try Self.workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let report = await RolloutExecutor(
            target: ClusterTarget(kubeconfig: fake.kubeconfig, searchPath: fake.directory)
        ).run(wave: runbook.wave, apply: runbook.apply, rollback: runbook.rollback.steps, directory: dir)
        #expect(report.status == "refused" && report.error?.contains("acts on vCenter") == true)
        #expect(fake.calls.isEmpty)
    }
}
