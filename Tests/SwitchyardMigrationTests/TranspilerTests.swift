import Foundation
import PropertyBased
import SwitchyardCore
import Testing
import Yams

@testable import SwitchyardMigration

@Suite struct TranspilerTests {
    /// VMs with the awkward cases: EFI + secure boot + TPM, RDM, no disks, unknown sizes, bad names, no NICs.
    static var quirkyEstate: Estate {
        Estate([
            try! GovcParser.parse(Fixtures.govcCamel, file: "a.json")[0],
            try! GovcParser.parse(Fixtures.govcPascal, file: "b.json")[0],
            try! VMXParser.parse(Fixtures.vmx, file: "c.vmx"),
            SourceVM(name: "NO DISKS!!", cpus: 3, coresPerSocket: 2, memoryMiB: 1000, source: "hand"),
            SourceVM(
                name: "sized", cpus: 8, memoryMiB: 16384, disks: [SourceDisk(label: "d", capacityMiB: 1500)],
                nics: [SourceNIC(label: "n", network: "pg_300", macAddress: "bad-mac")], p95CPUCores: 1.1,
                p95MemoryMiB: 3000, source: "hand"),
        ])
    }

    static func plan(
        _ estate: Estate, flows: String = "src,dst,port,protocol,bytes,count\n", options: TranspileOptions = .init()
    )
        throws -> (Discovery, MigrationPlan)
    {
        let table = try FlowParser.parse(Array(flows.utf8), file: "f", addresses: AddressBook(estate))
        let d = try Discovery.run(estate: estate, flows: table, options: .init(waveCap: 3))
        return (d, try MigrationPlan.build(d, options: options))
    }

    @Test func quirkyVMsTranspileToSchemaValidManifests() throws {
        let flows = "src,dst,port,protocol,bytes,count\nWeb_01,db-01,5432,tcp,100,1\nrhel9-app,Web_01,443,tcp,100,1\n"
        let vddk = TranspileOptions.VDDKSource(
            url: "https://vcenter.example.com/sdk", secretName: "vcenter", thumbprint: "AA:BB",
            initImageURL: "registry.example.com/vddk:8.0.2")
        for options in [TranspileOptions(), TranspileOptions(storageClass: "fast", podNetwork: false, vddk: vddk)] {
            let (_, plan) = try Self.plan(Self.quirkyEstate, flows: flows, options: options)
            // With VDDK, a VM the inventory gives no BIOS UUID for (the .vmx without uuid.bios, the hand-made
            // `sized`), a disk with no backing file or one named relative to the .vmx cannot be imported: reported,
            // not emitted as a blank disk.
            let expected: Set<String> =
                options.vddk == nil
                ? []
                : [
                    "rhel9-app: the VDDK import has no uuid", "rhel9-app: the VDDK import's backingFile",
                    "sized: the VDDK import has no uuid", "sized: the VDDK import has no backingFile",
                ]
            let found = plan.schemaFindings.map { f in
                "\(f.object.split(separator: "/").last!): "
                    + (f.message.hasPrefix("the VDDK import's")
                        ? "the VDDK import's backingFile" : f.message.components(separatedBy: ":")[0])
            }
            #expect(
                Set(found) == expected && found.count == expected.count,
                "\(plan.schemaFindings.map { "\($0.object) \($0.pointer): \($0.message)" })")
            #expect(plan.schemaFindings.allSatisfy { $0.rule == "datavolume.vddk" })
            #expect(plan.policyFindings.isEmpty, "\(plan.policyFindings)")
            #expect(plan.manifests.filter { $0.kind == "VirtualMachine" }.count == 5)
            for m in plan.manifests { #expect(RFC1123.isValid(m.name), "\(m.name)") }
        }
        let (_, plan) = try Self.plan(Self.quirkyEstate, flows: flows)
        let db = try #require(plan.manifests.first { $0.name == "db-01" && $0.kind == "VirtualMachine" })
        let template = db.object["spec"]?["template"]?["spec"]
        #expect(template?["affinity"]?["podAntiAffinity"] != nil)
        #expect(db.object["spec"]?["dataVolumeTemplates"] == .array([]))  // the RDM is not copied
        let web = try #require(plan.manifests.first { $0.name == "web-01" && $0.kind == "VirtualMachine" })
        #expect(web.object["spec"]?["template"]?["spec"]?["domain"]?["features"]?["smm"]?["enabled"] == true)
        #expect(web.object["spec"]?["template"]?["spec"]?["domain"]?["devices"]?["tpm"] != nil)
        let sized = try #require(plan.manifests.first { $0.name == "sized" })
        let domain = sized.object["spec"]?["template"]?["spec"]?["domain"]
        #expect(domain?["cpu"]?["cores"] == 2 && domain?["memory"]?["guest"] == "3840Mi")
        #expect(plan.manifests.contains { $0.kind == "Service" && $0.name == "db-01" })
        let nad = try #require(plan.manifests.first { $0.path.contains("pg-300") })
        #expect(nad.object["spec"]?["config"]?.stringValue?.contains("\"vlan\":300") == true)
    }

    @Test func emittedYAMLReadsBackAsTheSameObject() throws {
        let (_, plan) = try Self.plan(Self.quirkyEstate)
        for manifest in plan.manifests {
            let text = YAMLWriter.document(manifest.object)
            let node = try #require(try Yams.compose(yaml: text))
            #expect(PolicyEngine.json(node) == manifest.object, "\(manifest.path)\n\(text)")
        }
        #expect(YAMLWriter.string("1e3") == "\"1e3\"" && YAMLWriter.string("4Gi") == "4Gi")
        #expect(YAMLWriter.string("yes") == "\"yes\"" && YAMLWriter.string("a: b") == "\"a: b\"")
    }

    @Test func outputIsDeterministicWhateverTheInputOrder() throws {
        let synthetic = SyntheticEstate(.init(seed: 7, groups: 6, flowRecords: 2000))
        let texts = [
            ("vInfo.csv", synthetic.vInfoCSV()), ("vNetwork.csv", synthetic.vNetworkCSV()),
            ("vDisk.csv", synthetic.vDiskCSV()),
        ]
        func render(_ t: [(String, String)]) throws -> String {
            let estate = try InventoryLoader.load(texts: t)
            let flows = try FlowParser.parse(synthetic.flowsCSV(), file: "f", addresses: AddressBook(estate))
            let d = try Discovery.run(estate: estate, flows: flows, options: .init(waveCap: 20))
            let plan = try MigrationPlan.build(d)
            #expect(plan.schemaFindings.isEmpty)
            return plan.manifests.map { $0.path + "\n" + YAMLWriter.document($0.object) }.joined()
        }
        #expect(try render(texts) == render(texts.reversed()))
    }

    /// Random estates from the generator: every manifest passes the real schemas, with blank disks (vInfo and
    /// vNetwork only) and with VDDK imports (the vDisk sheet gives each disk's datastore path).
    @Test(.timeLimit(.minutes(1))) func randomEstatesAlwaysLintClean() async {
        await propertyCheck(count: 6, input: Gen.int(in: 0...Int.max)) { seed in
            let synthetic = SyntheticEstate(.init(seed: UInt64(seed), groups: 5, groupSize: 2...6, flowRecords: 500))
            for vddk in [false, true] {
                let options = TranspileOptions(
                    storageClass: vddk ? "fast" : nil,
                    vddk: vddk
                        ? .init(url: "https://vc.example.com/sdk", secretName: "vcenter", thumbprint: "AA:BB") : nil)
                guard
                    let estate = try? InventoryLoader.load(
                        texts: [("i.csv", synthetic.vInfoCSV()), ("n.csv", synthetic.vNetworkCSV())]
                            + (vddk ? [("d.csv", synthetic.vDiskCSV())] : [])),
                    let flows = try? FlowParser.parse(
                        synthetic.flowsCSV(), file: "f", addresses: AddressBook(estate)),
                    let d = try? Discovery.run(estate: estate, flows: flows, options: .init(waveCap: 10)),
                    let plan = try? MigrationPlan.build(d, options: options)
                else {
                    Issue.record("pipeline failed, seed \(seed), vddk \(vddk)")
                    return
                }
                #expect(
                    plan.schemaFindings.isEmpty,
                    "seed \(seed), vddk \(vddk): \(plan.schemaFindings.first.map { "\($0.object) \($0.message)" } ?? "")"
                )
                #expect(plan.policyFindings.isEmpty, "seed \(seed), vddk \(vddk)")
                if vddk {
                    let sources = plan.manifests.compactMap {
                        $0.object["spec"]?["dataVolumeTemplates"]?.arrayValue?.first?["spec"]?["source"]
                    }
                    #expect(!sources.isEmpty && sources.allSatisfy { $0["vddk"]?["uuid"] != nil })
                }
            }
        }
    }

    /// KEDA ScaledObjects (which a fix or a hand-added manifest may bring) are checked against KEDA's CRD schema.
    @Test func scaledObjectsAreCheckedAgainstKEDAsSchema() throws {
        var object: JSONValue = [
            "apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
            "metadata": ["name": "web", "namespace": "migrated"],
            "spec": [
                "scaleTargetRef": ["name": "web"], "minReplicaCount": 1,
                "triggers": [["type": "cron", "metadata": ["timezone": "UTC", "start": "0 8 * * *"]]],
            ],
        ]
        let linter = try ManifestLinter()
        #expect(linter.lint(Manifest(path: "wave-01/scaledobject-web.yaml", object: object, wave: 1)).isEmpty)
        if case .object(var root) = object, case .object(var spec) = root["spec"]! {
            spec["triggers"] = nil
            spec["pollingInterval"] = "often"
            root["spec"] = .object(spec)
            object = .object(root)
        }
        let findings = linter.lint(Manifest(path: "wave-01/scaledobject-web.yaml", object: object, wave: 1))
        #expect(findings.contains { $0.rule == "schema" && $0.pointer == "/spec/pollingInterval" }, "\(findings)")
        #expect(findings.contains { $0.rule == "schema" && $0.message.contains("triggers") }, "\(findings)")
    }

    @Test func lintAndPolicyFindingsNameRuleObjectAndFix() throws {
        let (d, plan) = try Self.plan(
            Self.quirkyEstate, flows: "src,dst,port,protocol,bytes,count\nWeb_01,db-01,5432,tcp,1,1\n")
        var manifests = plan.manifests
        // Break things: an unknown field, a latest image, a public database Service, no limits, a VM twice.
        let vmIndex = manifests.firstIndex { $0.name == "db-01" && $0.kind == "VirtualMachine" }!
        guard case .object(var vm) = manifests[vmIndex].object, case .object(var spec) = vm["spec"]! else { return }
        spec["running"] = "yes"  // a boolean in the CRD
        spec["template"] = [
            "spec": [
                "domain": ["devices": [:]],
                "volumes": [["name": "c", "containerDisk": ["image": "quay.io/x/y:latest"]]],
            ]
        ]
        vm["spec"] = .object(spec)
        manifests[vmIndex].object = .object(vm)
        manifests.append(manifests[vmIndex])
        let svcIndex = manifests.firstIndex { $0.kind == "Service" && $0.name == "db-01" }!
        guard case .object(var svc) = manifests[svcIndex].object, case .object(var svcSpec) = svc["spec"]! else {
            return
        }
        svcSpec["type"] = "LoadBalancer"
        svcSpec["bogus"] = 1
        svc["spec"] = .object(svcSpec)
        manifests[svcIndex].object = .object(svc)

        let schema = try ManifestLinter().lint(manifests)
        #expect(
            schema.contains {
                $0.rule == "schema" && $0.pointer == "/spec/running" && $0.object.hasSuffix("#VirtualMachine/db-01")
            })
        #expect(
            schema.contains {
                $0.rule == "schema" && $0.object.hasSuffix("#Service/db-01") && $0.pointer.contains("bogus")
            })
        let policy = try PolicyEngine.shipped().evaluate(
            manifests, expectedVMs: NameAllocator(d.estate.vms.map(\.name)).names.values.sorted() + ["ghost"])
        let rules = Set(policy.map(\.rule))
        #expect(
            rules == [
                "no-public-database-service", "no-latest-image", "resource-limits-set", "anti-affinity-for-primaries",
                "every-vm-in-one-wave",
            ])
        #expect(policy.allSatisfy { !$0.fix.isEmpty && !$0.object.isEmpty })
        #expect(
            policy.contains {
                $0.rule == "no-latest-image" && $0.pointer == "/spec/template/spec/volumes/0/containerDisk/image"
            })
        #expect(policy.contains { $0.rule == "every-vm-in-one-wave" && $0.message.contains("ghost") })
    }

    @Test func badPolicyFilesAreRejectedWithPlace() {
        let cases: [(String, String)] = [
            ("rules: [1]", "mapping"),
            ("rules:\n  - id: a\n    fix: f\n", "no check"),
            (
                "rules:\n  - id: a\n    fix: f\n    forbidPattern: {paths: [x], pattern: '('}\n",
                "not a regular expression"
            ),
            ("nothing: here", "rules"),
            ("rules:\n  - id: a\n    fix: f\n    plan: nope\n", "unknown plan check"),
        ]
        for (yaml, words) in cases {
            let error = #expect(throws: SwitchyardError.self) { try PolicyEngine(yaml: yaml, file: "p.yaml") }
            #expect(error?.code == .invalidPolicy)
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "")")
            #expect(error?.message.hasPrefix("p.yaml") == true)
        }
    }

    @Test func checksFlagForkliftConcerns() throws {
        let checks = PreMigrationChecks()
        let web = checks.check(try GovcParser.parse(Fixtures.govcCamel, file: "a")[0])
        let ids = Set(web.map(\.id))
        for id in [
            "vmware.device.pci_passthrough.detected", "vmware.disk.shared.detected", "vmware.disk_mode.independent",
            "vmware.snapshot.detected", "vmware.cpu_memory.hotplug.enabled", "vmware.changed_block_tracking.disabled",
            "vmware.uefi.secure_boot.enabled", "vmware.tpm.detected", "vmware.name.invalid",
        ] {
            #expect(ids.contains(id), "\(id)")
        }
        #expect(web.first?.category == .critical)
        let db = checks.check(try GovcParser.parse(Fixtures.govcPascal, file: "b")[0])
        #expect(db.contains { $0.id == "vmware.disk.rdm.detected" && $0.category == .critical })
        let vmx = checks.check(try VMXParser.parse(Fixtures.vmx, file: "c.vmx"))
        #expect(vmx.contains { $0.id == "vmware.cpu_affinity.detected" })
        #expect(vmx.contains { $0.id == "vmware.disk.size.unknown" })
        let old = checks.check(
            SourceVM(name: "nt4", guestOS: "winNTGuest", disks: [SourceDisk(label: "d", capacityMiB: 3_000_000)]))
        #expect(
            old.contains { $0.id == "vmware.os.unsupported" } && old.contains { $0.id == "vmware.disk.size.exceeds" })
    }
}

@Suite struct TerraformTests {
    @Test func instanceTypesFitTheObservedUse() {
        #expect(InstanceCatalog.choose(vcpus: 2, memoryMiB: 4096)?.name == "c6i.large")
        #expect(InstanceCatalog.choose(vcpus: 2, memoryMiB: 8192)?.name == "m6i.large")
        #expect(InstanceCatalog.choose(vcpus: 4, memoryMiB: 30000)?.name == "r6i.xlarge")
        #expect(InstanceCatalog.choose(vcpus: 3, memoryMiB: 1024)?.name == "c6i.xlarge")
        #expect(InstanceCatalog.choose(vcpus: 200, memoryMiB: 1024) == nil)
        let t = TerraformTranspiler()
        let big = SourceVM(name: "big", cpus: 16, memoryMiB: 65536, p95CPUCores: 1.5, p95MemoryMiB: 6000)
        #expect(t.instanceType(for: big)?.name == "m6i.large")  // 2 vCPU, 7.3 GiB after headroom
        #expect(t.instanceType(for: SourceVM(name: "s", cpus: 16, memoryMiB: 65536))?.name == "m6i.4xlarge")
        // Every catalog choice really fits.
        for vcpus in 1...40 {
            for gib in [1, 3, 7, 30, 200] {
                if let c = InstanceCatalog.choose(vcpus: vcpus, memoryMiB: gib * 1024) {
                    #expect(c.vcpus >= vcpus && c.memoryGiB >= gib)
                }
            }
        }
    }

    @Test func terraformIsOneDeterministicFilePerWave() throws {
        let (d, _) = try TranspilerTests.plan(TranspilerTests.quirkyEstate)
        let files = TerraformTranspiler().files(estate: d.estate, groups: d.groups, waves: d.waves)
        #expect(files.count == d.waves.waves.count)
        var instances = 0
        for (path, json) in files {
            #expect(path.hasPrefix("terraform/wave-") && path.hasSuffix("/main.tf.json"))
            guard case .object(let list) = json["resource"]?["aws_instance"] ?? .null else {
                Issue.record("no instances in \(path)")
                continue
            }
            instances += list.count
            for (_, instance) in list {
                #expect(instance["instance_type"]?.stringValue?.contains(".") == true)
                let wave = Int(path.dropFirst("terraform/wave-".count).prefix { $0.isNumber })
                #expect(instance["tags"]?["Wave"]?.stringValue == wave.map(String.init))
            }
            #expect(
                TerraformTranspiler.text(json)
                    == TerraformTranspiler.text(try JSONValue(parsing: TerraformTranspiler.text(json))))
        }
        #expect(instances == d.estate.count)
        let web = files.compactMap { $0.json["resource"]?["aws_ebs_volume"]?["web_01_disk1"] }.first
        #expect(web?["size"] == 10)
    }
}
