import Foundation
import Synchronization
import Testing
import SwitchyardBlueprints
import SwitchyardCore
import SwitchyardMigration
import SwitchyardModelAPI
import SwitchyardRuntime

/// The fix-proposal step: a model proposes patches for findings; only those that re-lint clean are kept.
@Suite(.timeLimit(.minutes(2))) struct FixProposalWorkflowTests {
    /// Two VMs (with the BIOS UUIDs govc always gives, which a VDDK import needs); an untagged VDDK image gives
    /// each a `no-latest-image` finding.
    static let inventory = """
        {"virtualMachines": [
          {"self": {"type": "VirtualMachine", "value": "vm-1"},
           "config": {"name": "app-1", "uuid": "4211a1b2-0000-4000-8000-000000000001", "hardware": {"numCPU": 2, "memoryMB": 2048, "device": [
             {"deviceInfo": {"label": "Hard disk 1"}, "capacityInKB": 10485760,
              "backing": {"fileName": "[ds1] app-1/app-1.vmdk"}},
             {"deviceInfo": {"label": "Network adapter 1"}, "macAddress": "00:50:56:aa:00:01",
              "backing": {"deviceName": "VLAN 10 app"}}]}},
           "runtime": {"powerState": "poweredOn"}},
          {"self": {"type": "VirtualMachine", "value": "vm-2"},
           "config": {"name": "app-2", "uuid": "4211a1b2-0000-4000-8000-000000000002", "hardware": {"numCPU": 2, "memoryMB": 2048, "device": [
             {"deviceInfo": {"label": "Hard disk 1"}, "capacityInKB": 10485760,
              "backing": {"fileName": "[ds1] app-2/app-2.vmdk"}},
             {"deviceInfo": {"label": "Network adapter 1"}, "macAddress": "00:50:56:aa:00:02",
              "backing": {"deviceName": "VLAN 10 app"}}]}},
           "runtime": {"powerState": "poweredOn"}}]}
        """
    static let image = "/spec/dataVolumeTemplates/0/spec/source/vddk/initImageURL"

    @Test func onlyProposalsThatReLintCleanAreShown() async throws {
        let answer: JSONValue = [
            "fixes": [
                [
                    "finding": 0, "why": "pin the image",
                    "patch": [
                        ["op": "replace", "path": .string(Self.image), "value": "registry.example.com/vddk:8.0.2"]
                    ],
                ],
                [
                    "finding": 1, "why": "pin it and start the VM",
                    "patch": [
                        ["op": "replace", "path": .string(Self.image), "value": "registry.example.com/vddk:8.0.2"],
                        ["op": "add", "path": "/spec/running", "value": "yes"],
                    ],
                ],
                ["finding": 1, "why": "rename", "patch": [["op": "replace", "path": "/metadata/name", "value": "x"]]],
                ["finding": 7, "why": "nonsense", "patch": [["op": "remove", "path": "/spec/template"]]],
            ]
        ]
        let model = ScriptedModel([answer.jsonText])
        let h = try await MigrationHarness(model: model)
        defer { h.remove() }
        let run = try await h.start([
            "inventory_json": try JSONValue(parsing: Self.inventory), "method": "manifests",
            "vddk": ["url": "https://vc.example.com/sdk", "thumbprint": "AA:BB", "image": "registry.example.com/vddk"],
        ])
        // One wave with app-2's finding still open: blocked, so nothing is offered for approval.
        #expect(run.status == .succeeded, "\(run.errorCode ?? "") \(run.errorMessage ?? "")")
        #expect(model.callCount == 1)
        let request = try #require(model.calls.withLock { $0.first })
        #expect(request.responseSchema != nil)
        #expect(request.messages.last?.content.contains("[0] error no-latest-image") == true)

        let artifacts = try await h.artifacts(run.id)
        let proposals = try #require(artifacts["fix_proposals"]?.value)
        #expect(proposals["shown"] == 2 && proposals["proposed"] == 4)
        #expect(proposals["accepted"]?.arrayValue?.count == 1)
        #expect(proposals["accepted"]?.arrayValue?.first?["manifest"]?.stringValue?.contains("app-1") == true)
        let reasons = (proposals["dropped"]?.arrayValue ?? []).compactMap { $0["reason"]?.stringValue }
        #expect(reasons.count == 3)
        #expect(reasons.contains { $0.hasPrefix("re-lint: the patch introduces") }, "\(reasons)")
        #expect(reasons.contains { $0.contains("names the object") }, "\(reasons)")
        #expect(reasons.contains { $0.contains("there are 2") }, "\(reasons)")
        // The accepted patch is in the manifests; the open finding blocks the wave.
        let manifests = try #require(artifacts["manifests"]?.value).decode([Manifest].self)
        let app1 = try #require(manifests.first { $0.path.hasSuffix("virtualmachine-app-1.yaml") })
        #expect(
            app1.object["spec"]?["dataVolumeTemplates"]?.arrayValue?.first?["spec"]?["source"]?["vddk"]?["initImageURL"]
                == "registry.example.com/vddk:8.0.2")
        let findings = try #require(artifacts["findings"]?.value).decode([LintFinding].self)
        #expect(findings.map(\.rule) == ["no-latest-image"])
        let report = try #require(artifacts["migration_report"]?.value)
        #expect(report["blocked"] == [1])
        #expect(artifacts["migration/wave-01/apply"] == nil)
        #expect(artifacts["migration/wave-01/rollback"] != nil)
    }

    @Test func anAnswerThatIsNotJSONIsRecordedAndTheRunGoesOn() async throws {
        let model = ScriptedModel(["I would pin the image."])
        let h = try await MigrationHarness(model: model)
        defer { h.remove() }
        let run = try await h.start([
            "inventory_json": try JSONValue(parsing: Self.inventory), "method": "manifests",
            "vddk": ["url": "https://vc.example.com/sdk", "thumbprint": "AA:BB", "image": "registry.example.com/vddk"],
        ])
        #expect(run.status == .succeeded)
        let proposals = try #require(try await h.artifacts(run.id)["fix_proposals"]?.value)
        #expect(proposals["error"]?.stringValue?.hasPrefix("model_output_invalid") == true)
        #expect(proposals["accepted"] == [])
    }
}
