import Foundation
import Testing
import SwitchyardBlueprints
import SwitchyardCore
import SwitchyardRuntime

/// Bad input to the `migration` workflow fails the run with a specific error: what, where, how to fix it.
@Suite(.timeLimit(.minutes(2))) struct MigrationInputTests {
    static let govc = """
        {"virtualMachines": [{"self": {"type": "VirtualMachine", "value": "vm-1"},
          "config": {"name": "app-1", "hardware": {"numCPU": 2, "memoryMB": 2048, "device": []}}}]}
        """

    /// Runs the workflow on `input` and returns how the run failed.
    func failure(
        _ input: JSONValue, prepare: (MigrationHarness) throws -> Void = { _ in }
    ) async throws -> (
        code: String, message: String
    ) {
        let h = try await MigrationHarness()
        defer { h.remove() }
        try prepare(h)
        let run = try await h.start(input)
        #expect(run.status == .failed)
        return (run.errorCode ?? "", run.errorMessage ?? "")
    }

    @Test func aMissingFileIsNamed() async throws {
        let (code, message) = try await failure(["inventory": ["estate/missing.json"], "method": "manifests"])
        #expect(code == "file_not_found")
        #expect(message.contains("inventory[0]") && message.contains("estate/missing.json"), "\(message)")
    }

    @Test(arguments: ["../outside.json", "/etc/hostname", "estate/../../outside.json"])
    func aPathOutsideTheInputDirectoryIsRefused(_ path: String) async throws {
        // Refused whether or not the file exists: the check comes first and says nothing about outside files.
        let (code, message) = try await failure(["inventory": [.string(path)], "method": "manifests"])
        #expect(code == "path_not_allowed")
        #expect(message.contains("outside the migration input directory"), "\(message)")
    }

    @Test func aSymbolicLinkOutOfTheInputDirectoryIsRefused() async throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("sy-outside-\(UUID()).json").path
        try Data(Self.govc.utf8).write(to: URL(fileURLWithPath: outside))
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let (code, message) = try await failure(["inventory": ["estate/link.json"], "method": "manifests"]) { h in
            try FileManager.default.createDirectory(atPath: h.root + "/estate", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: h.root + "/estate/link.json", withDestinationPath: outside)
        }
        #expect(code == "path_not_allowed")
        #expect(message.contains("symbolic link"), "\(message)")
    }

    @Test func theDataDirectoryIsNeverRead() async throws {
        let (code, message) = try await failure(["inventory": [".switchyard"], "method": "manifests"])
        #expect(code == "path_not_allowed")
        #expect(message.contains("data directory"), "\(message)")
    }

    @Test func aCorruptInventoryNamesFileLineAndColumn() async throws {
        let (code, message) = try await failure(["inventory": ["estate/bad.json"], "method": "manifests"]) { h in
            try h.write(
                "estate/bad.json", "{\"virtualMachines\": [\n  {\"config\": {\"name\": \"a\",\n    \"hardware\": [}}]}")
        }
        #expect(code == "invalid_inventory")
        #expect(message.contains("estate/bad.json:3:"), "\(message)")
    }

    @Test func aCorruptFlowFileNamesFileAndLine() async throws {
        let (code, message) = try await failure([
            "inventory": ["estate/vms.json"], "flows": ["estate/flows.csv"], "method": "manifests",
        ]) { h in
            try h.write("estate/vms.json", Self.govc)
            try h.write("estate/flows.csv", "src,dst,port,protocol,bytes,count\n10.0.0.1,10.0.0.2,443,tcp,many,1\n")
        }
        #expect(code == "invalid_flows")
        #expect(message.contains("estate/flows.csv:2"), "\(message)")
    }

    @Test func noInventoryAndNoStorageClassForForkliftAreExplained() async throws {
        let (code, message) = try await failure(["flows": ["estate/flows.csv"], "method": "manifests"])
        #expect(code == "invalid_input" && message.contains("inventory_json"), "\(message)")
        let (code2, message2) = try await failure(["inventory_json": try JSONValue(parsing: Self.govc)])
        #expect(code2 == "invalid_input" && message2.contains("storage_class"), "\(message2)")
    }

    @Test func inputOfTheWrongShapeIsRefusedAtSubmit() async throws {
        let h = try await MigrationHarness()
        defer { h.remove() }
        await #expect {
            _ = try await h.runtime.submit(tenant: h.tenant, workflow: "migration", input: ["inventory": "a.json"])
        } throws: { ($0 as? SwitchyardError)?.code == .invalidInput }
    }
}
