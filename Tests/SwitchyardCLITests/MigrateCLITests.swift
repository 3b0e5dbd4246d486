import Foundation
import SwitchyardCore
import Testing

@Suite struct MigrateCLITests {
    func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func discoverAndPlanASmallEstate() throws {
        let dir = NSTemporaryDirectory() + "switchyard-migrate-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let info = try write(
            """
            VM,Powerstate,CPUs,Memory,Total disk capacity MiB,Primary IP Address,Network #1,OS according to the configuration file
            shop-web-1,poweredOn,2,4096,40960,10.1.0.1,VLAN 200,Red Hat Enterprise Linux 9 (64-bit)
            shop-db-1,poweredOn,4,16384,102400,10.1.0.2,VLAN 200,Red Hat Enterprise Linux 9 (64-bit)
            crm-app-1,poweredOn,2,8192,40960,10.1.0.3,VLAN 300,Red Hat Enterprise Linux 9 (64-bit)
            """, "vInfo.csv", in: dir)
        let flows = try write(
            "src,dst,port,protocol,bytes,count\n10.1.0.1,10.1.0.2,5432,tcp,900000,40\n10.1.0.3,10.1.0.2,5432,tcp,100,1\n",
            "flows.csv", in: dir)
        let cli = CLI()
        let discover = try cli.run(
            "migrate", "discover", "--inventory", info, "--flows", flows, "--json", "--dot", dir + "/e.dot",
            "--svg", dir + "/g.svg", dataDir: false)
        #expect(discover.status == 0)
        let summary = try JSONValue(parsing: try #require(discover.lines.last))
        #expect(summary["estate"]?["vms"] == 3)
        guard case .array(let waves) = summary["waves"] ?? .null else {
            Issue.record("no waves in \(discover.lines)")
            return
        }
        #expect(!waves.isEmpty)
        let dot = try String(contentsOfFile: dir + "/e.dot", encoding: .utf8)
        #expect(dot.hasPrefix("digraph estate {") && dot.contains(#""shop-web-1" -> "shop-db-1" [label="5432"]"#))
        let svg = try String(contentsOfFile: dir + "/g.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>\n"))

        let out = dir + "/plan"
        let plan = try cli.run(
            "migrate", "plan", "--inventory", info, "--flows", flows, "--out", out, "--json", dataDir: false)
        #expect(plan.status == 0, "\(plan.stderr) \(plan.lines)")
        let result = try JSONValue(parsing: try #require(plan.lines.last))
        #expect(result["clean"] == true && result["schemaFindings"] == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/wave-01/virtualmachine-shop-db-1.yaml"))
        #expect(FileManager.default.fileExists(atPath: out + "/networks/networkattachmentdefinition-vlan-200.yaml"))

        let bad = try write("VM,CPUs,Memory\nx,one,1024\n", "bad.csv", in: dir)
        let failed = try cli.run("migrate", "discover", "--inventory", bad, dataDir: false)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("bad.csv:2:2"))
        let missing = try cli.run(
            "migrate", "plan", "--inventory", info, "--out", out, "--policy", dir + "/none.yaml", "--json",
            dataDir: false)
        #expect(missing.status == 2)
        #expect(missing.lines.last?.contains("file_not_found") == true)
    }
}
