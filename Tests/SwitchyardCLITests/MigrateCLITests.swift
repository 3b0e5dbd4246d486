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

    @Test func aCriticalConcernBlocksItsVMUntilAllowedAndAWSIsATarget() throws {
        let dir = NSTemporaryDirectory() + "switchyard-migrate-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let info = try write(
            """
            VM,Powerstate,CPUs,Memory,Total disk capacity MiB,Primary IP Address,Network #1,OS according to the configuration file
            shop-web-1,poweredOn,2,4096,40960,10.1.0.1,VLAN 200,Red Hat Enterprise Linux 9 (64-bit)
            shop-db-1,poweredOn,4,16384,102400,10.1.0.2,VLAN 200,FreeBSD 13 (64-bit)
            """, "vInfo.csv", in: dir)
        let usage = try write("vm,cpu_p95_cores,memory_p95_mib\nshop-web-1,0.5,1000\n", "usage.csv", in: dir)
        let flows = try write(
            "src,dst,port,protocol,bytes,count\n10.1.0.1,10.1.0.2,5432,tcp,900000,40\n", "flows.csv", in: dir)
        let cli = CLI()
        let discover = try cli.run(
            "migrate", "discover", "--inventory", info, "--flows", flows, "--json", dataDir: false)
        #expect(discover.status == 0)
        let summary = try JSONValue(parsing: try #require(discover.lines.last))
        #expect(summary["blocked"]?[0]?["vm"] == "shop-db-1")
        #expect(summary["blocked"]?[0]?["checks"]?[0]?["id"] == "vmware.os.unsupported")
        #expect(summary["waves"]?[0]?["blocked"] == true)

        let out = dir + "/plan"
        let plan = try cli.run(
            "migrate", "plan", "--inventory", info, "--flows", flows, "--out", out, dataDir: false)
        #expect(plan.status == 1, "a blocked VM makes the plan unclean")
        #expect(
            plan.lines.contains {
                $0.contains("CRITICAL shop-db-1: vmware.os.unsupported") && $0.contains("blocks wave")
            })
        #expect(!FileManager.default.fileExists(atPath: out + "/wave-01/virtualmachine-shop-db-1.yaml"))
        #expect(FileManager.default.fileExists(atPath: out + "/wave-01/virtualmachine-shop-web-1.yaml"))

        let allowed = try cli.run(
            "migrate", "plan", "--inventory", info, "--flows", flows, "--out", dir + "/allowed", "--json",
            "--allow-critical", "vmware.os.unsupported:shop-db-1", dataDir: false)
        #expect(allowed.status == 0, "\(allowed.stderr) \(allowed.lines)")
        let result = try JSONValue(parsing: try #require(allowed.lines.last))
        #expect(result["allowedCritical"]?[0]?["vm"] == "shop-db-1" && result["blocked"] == [])
        #expect(FileManager.default.fileExists(atPath: dir + "/allowed/wave-01/virtualmachine-shop-db-1.yaml"))
        let recorded = try JSONValue(parsing: try String(contentsOfFile: dir + "/allowed/plan.json", encoding: .utf8))
        #expect(recorded["allowedCritical"]?[0]?["check"] == "vmware.os.unsupported")

        let typo = try cli.run(
            "migrate", "plan", "--inventory", info, "--out", dir + "/x", "--allow-critical", "vmware.snapshot.detected",
            dataDir: false)
        #expect(typo.status == 2 && typo.stderr.contains("not a critical check"))

        let aws = try cli.run(
            "migrate", "plan", "--inventory", info, "--flows", flows, "--usage", usage, "--out", dir + "/aws",
            "--target", "aws", "--allow-critical", "vmware.os.unsupported", "--json", dataDir: false)
        #expect(aws.status == 0, "\(aws.stderr) \(aws.lines)")
        let tf = try JSONValue(
            parsing: try String(contentsOfFile: dir + "/aws/terraform/wave-01/main.tf.json", encoding: .utf8))
        let instances = try #require(tf["resource"]?["aws_instance"]?.objectValue)
        #expect(
            Set(instances.values.compactMap { $0["tags"]?["SourceVM"]?.stringValue }) == ["shop-web-1", "shop-db-1"])
        #expect(instances["shop_web_1"]?["instance_type"] == "c6i.large")
        #expect(!FileManager.default.fileExists(atPath: dir + "/aws/wave-01"))
    }

    /// A fake kubectl or virtctl: logs each call to DIR/calls.log, fails a call containing the text in
    /// DIR/fail-on.
    func fake(_ program: String, in dir: String) throws -> String {
        let script = """
            #!/bin/sh
            echo "\(program) $*" >> "\(dir)/calls.log"
            if [ -f "\(dir)/fail-on" ]; then
              read -r pattern < "\(dir)/fail-on"
              case "$*" in *"$pattern"*) echo "error: the server is unreachable" >&2; exit 1 ;; esac
            fi
            """
        let path = try write(script + "\n", program, in: dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func applyWritesRollbacksFirstAndExecutesOnlyWhenAClusterIsNamed() throws {
        let dir = NSTemporaryDirectory() + "switchyard-migrate-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let info = try write(
            """
            VM,Powerstate,CPUs,Memory,Total disk capacity MiB,Primary IP Address,Network #1,OS according to the configuration file
            shop-web-1,poweredOff,2,4096,40960,10.1.0.1,VLAN 200,Red Hat Enterprise Linux 9 (64-bit)
            shop-db-1,poweredOn,4,16384,102400,10.1.0.2,VLAN 200,Red Hat Enterprise Linux 9 (64-bit)
            """, "vInfo.csv", in: dir)
        let flows = try write(
            "src,dst,port,protocol,bytes,count\n10.1.0.1,10.1.0.2,5432,tcp,900000,40\n", "flows.csv", in: dir)
        let kubeconfig = try write("apiVersion: v1\nkind: Config\n", "kubeconfig", in: dir)
        let kubectl = try fake("kubectl", in: dir)
        let virtctl = try fake("virtctl", in: dir)
        let cli = CLI()
        let base = ["migrate", "apply", "--inventory", info, "--flows", flows, "--method", "manifests"]

        // A dry run: scripts written, nothing run.
        let dry = try cli.run(base + ["--out", dir + "/dry", "--json"], dataDir: false)
        #expect(dry.status == 0, "\(dry.stderr) \(dry.lines)")
        #expect(try JSONValue(parsing: try #require(dry.lines.last))["dry_run"] == true)
        for name in ["rollback.sh", "rollback.json", "apply.sh", "apply.json", "virtualmachine-shop-db-1.yaml"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/dry/wave-01/" + name), "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/calls.log"))

        // Executed; govc steps (shutting shop-db-1 down) need --vcenter, so the wave is refused with nothing run.
        let refused = try cli.run(
            base + [
                "--out", dir + "/x", "--execute", "--kubeconfig", kubeconfig, "--kubectl", kubectl, "--virtctl",
                virtctl,
            ], dataDir: false)
        #expect(refused.status == 1 && refused.lines.contains { $0.contains("acts on vCenter") }, "\(refused.lines)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/calls.log"))

        // Against the fake cluster, shop-db-1 already off: every step runs, with the kubeconfig and context.
        let off = try write(
            try String(contentsOfFile: info, encoding: .utf8).replacingOccurrences(of: "poweredOn", with: "poweredOff"),
            "vInfo-off.csv", in: dir)
        let cluster = [
            "--execute", "--kubeconfig", kubeconfig, "--context", "lab", "--kubectl", kubectl, "--virtctl", virtctl,
        ]
        let run = try cli.run(
            ["migrate", "apply", "--inventory", off, "--flows", flows, "--method", "manifests", "--out", dir + "/run"]
                + cluster, dataDir: false)
        #expect(run.status == 0, "\(run.stderr) \(run.lines)")
        let calls = try String(contentsOfFile: dir + "/calls.log", encoding: .utf8).split(separator: "\n")
        #expect(
            !calls.isEmpty && calls.allSatisfy { $0.hasPrefix("kubectl --kubeconfig=\(kubeconfig) --context=lab ") })
        let report = try JSONValue(parsing: try String(contentsOfFile: dir + "/run/wave-01/run.json", encoding: .utf8))
        #expect(report["status"] == "succeeded" && report["steps"]?.arrayValue?.count == calls.count)

        // A failing step: the wave stops, its rollback runs, the exit status is 1.
        try FileManager.default.removeItem(atPath: dir + "/calls.log")
        _ = try write("wait --for=condition=Ready", "fail-on", in: dir)
        let failed = try cli.run(
            ["migrate", "apply", "--inventory", off, "--flows", flows, "--method", "manifests", "--out", dir + "/f"]
                + cluster + ["--json"], dataDir: false)
        #expect(failed.status == 1)
        let summary = try JSONValue(parsing: try #require(failed.lines.last))
        #expect(summary["waves"]?[0]?["status"] == "failed")
        #expect(summary["waves"]?[0]?["error"]?.stringValue?.contains("step 3 failed (exit status 1)") == true)
        let after = try String(contentsOfFile: dir + "/calls.log", encoding: .utf8)
        #expect(after.contains("delete virtualmachine/shop-db-1") && after.contains("virtctl --kubeconfig="))

        // A missing program is named, and nothing runs.
        try FileManager.default.removeItem(atPath: dir + "/calls.log")
        let missing = try cli.run(
            ["migrate", "apply", "--inventory", off, "--flows", flows, "--method", "manifests", "--out", dir + "/m"]
                + ["--execute", "--kubeconfig", kubeconfig, "--kubectl", dir + "/no-kubectl"], dataDir: false)
        #expect(missing.status == 1 && missing.lines.contains { $0.contains("needs kubectl") }, "\(missing.lines)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/calls.log"))
    }
}
