import Foundation
import PropertyBased
import SwitchyardCore
import Testing

@testable import SwitchyardMigration

@Suite struct InventoryParserTests {
    @Test func govcCamelCaseInfersDevicesFromFields() throws {
        let vms = try GovcParser.parse(Fixtures.govcCamel, file: "vms.json")
        let vm = try #require(vms.first)
        #expect(vm.name == "Web_01")
        #expect(vm.id == "vm-42")
        #expect(vm.cpus == 4 && vm.coresPerSocket == 2 && vm.memoryMiB == 8192)
        #expect(vm.firmware == "efi" && vm.secureBoot == true && vm.tpm == true)
        #expect(vm.disks.map(\.capacityMiB) == [40960, 10240])
        #expect(vm.disks[1].isIndependent && vm.disks[1].isShared)
        #expect(
            vm.nics == [SourceNIC(label: "Network adapter 1", network: "VLAN 120 web", macAddress: "00:50:56:aa:bb:01")]
        )
        #expect(vm.pciPassthroughCount == 1)
        #expect(vm.snapshotCount == 2)
        #expect(vm.ipAddresses == ["10.0.0.11", "fe80::1"])
        #expect(vm.changedBlockTracking == false && vm.cpuHotAdd == true)
    }

    @Test func govcPascalCaseParsesTheSame() throws {
        let vm = try #require(try GovcParser.parse(Fixtures.govcPascal, file: "old.json").first)
        #expect(vm.name == "db-01" && vm.id == "vm-7" && vm.cpus == 8 && vm.memoryMiB == 32768)
        #expect(vm.disks.count == 1 && vm.disks[0].raw && vm.disks[0].capacityMiB == 102400)
        #expect(vm.nics.first?.network == "VLAN 130 db")
        #expect(vm.powerState == "poweredOff")
        #expect(vm.ipAddresses == ["10.0.0.21"])
    }

    @Test func govcMalformedJSONNamesLineAndColumn() {
        let text = "{\n  \"virtualMachines\": [\n    {\"config\": {\"name\": \"a\",}}\n  ]\n}"
        let error = #expect(throws: SwitchyardError.self) { try GovcParser.parse(text, file: "bad.json") }
        #expect(error?.code == .invalidInventory)
        #expect(error?.message.hasPrefix("bad.json:3:") == true)
    }

    @Test func govcWrongTypeNamesTheFieldsLine() {
        let text = """
            {"virtualMachines": [
              {"config": {"name": "a", "hardware": {"numCPU": 2, "memoryMB": 1024}}},
              {"config": {"name": "b",
                          "hardware": {"numCPU": "two", "memoryMB": 1024}}}
            ]}
            """
        let error = #expect(throws: SwitchyardError.self) { try GovcParser.parse(text, file: "vms.json") }
        #expect(error?.code == .invalidInventory)
        #expect(error?.message.hasPrefix("vms.json:4:38:") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("numCPU") == true)
    }

    @Test func vmxKeysAreCaseInsensitiveAndNumvcpusDefaultsToOne() throws {
        let vm = try VMXParser.parse(Fixtures.vmx, file: "rhel9-app.vmx")
        #expect(vm.name == "rhel9-app" && vm.cpus == 1 && vm.memoryMiB == 4096)
        #expect(vm.firmware == "efi" && vm.secureBoot == true)
        #expect(vm.disks.count == 1 && vm.disks[0].isIndependent && vm.disks[0].capacityMiB == 0)
        #expect(
            vm.nics == [
                SourceNIC(label: "ethernet0", network: "VM Network", macAddress: "00:0c:29:12:34:56", model: "vmxnet3")
            ])
        #expect(vm.cpuAffinity == [0, 1] && vm.changedBlockTracking == true)
    }

    @Test func vmxErrorsNameLineAndColumn() {
        let missingEquals = #expect(throws: SwitchyardError.self) {
            try VMXParser.parse("displayName = \"a\"\n  garbage line\n", file: "x.vmx")
        }
        #expect(missingEquals?.code == .invalidInventory)
        #expect(missingEquals?.message.hasPrefix("x.vmx:2:3:") == true)
        let badNumber = #expect(throws: SwitchyardError.self) {
            try VMXParser.parse("numvcpus = \"four\"\n", file: "y.vmx")
        }
        #expect(badNumber?.message.hasPrefix("y.vmx:1:12:") == true, "\(badNumber?.message ?? "")")
        let unterminated = #expect(throws: SwitchyardError.self) {
            try VMXParser.parse("memsize = \"4096\n", file: "z.vmx")
        }
        #expect(unterminated?.message.hasPrefix("z.vmx:1:11:") == true)
    }

    @Test func rvtoolsJoinsSheetsAndSkipsTemplates() throws {
        let estate = try InventoryLoader.load(texts: [
            ("RVTools_tabvInfo.csv", Fixtures.vInfoMiB), ("RVTools_tabvDisk.csv", Fixtures.vDisk),
            ("RVTools_tabvNetwork.csv", Fixtures.vNetwork),
        ])
        #expect(estate.vms.map(\.name) == ["shop-db-1", "shop-web-1"])
        let db = estate.vms[0]
        #expect(db.cpus == 4 && db.memoryMiB == 16384 && db.firmware == "efi")
        #expect(db.disks.map(\.capacityMiB) == [102400, 102400] && db.disks[1].isShared)
        #expect(db.nics.first?.macAddress == "00:50:56:00:00:02")
        #expect(db.ipAddresses == ["10.1.0.2"])
    }

    @Test func rvtoolsAcceptsLegacyMBColumnsAndQuotedFields() throws {
        let vms = try RVToolsParser.parse(files: [("vInfo.csv", Fixtures.vInfoMB)])
        #expect(vms.count == 1)
        #expect(vms[0].name == "legacy, one" && vms[0].disks.first?.capacityMiB == 30720)
    }

    @Test func rvtoolsErrorsNameRowAndColumn() {
        let badNumber = Fixtures.vInfoMiB.replacingOccurrences(
            of: "shop-db-1,poweredOn,False,4,", with: "shop-db-1,poweredOn,False,four,")
        let e1 = #expect(throws: SwitchyardError.self) { try RVToolsParser.parse(files: [("vInfo.csv", badNumber)]) }
        #expect(e1?.code == .invalidInventory)
        #expect(e1?.message.hasPrefix("vInfo.csv:3:4:") == true, "\(e1?.message ?? "")")
        let unterminated = Fixtures.vInfoMiB + "\n\"broken,poweredOn,False,1,1,1,1,1,,,,,\n"
        let e2 = #expect(throws: SwitchyardError.self) { try RVToolsParser.parse(files: [("vInfo.csv", unterminated)]) }
        #expect(e2?.message.hasPrefix("vInfo.csv:5:1:") == true, "\(e2?.message ?? "")")
        let orphan = Fixtures.vDisk + "\nghost,Hard disk 1,2000,10,False,persistent,sharingNone,True,x\n"
        let e3 = #expect(throws: SwitchyardError.self) {
            try RVToolsParser.parse(files: [("vInfo.csv", Fixtures.vInfoMiB), ("vDisk.csv", orphan)])
        }
        #expect(e3?.message.hasPrefix("vDisk.csv:5:1:") == true, "\(e3?.message ?? "")")
        let unknown = #expect(throws: SwitchyardError.self) {
            try RVToolsParser.parse(files: [("x.csv", "a,b\n1,2\n")])
        }
        #expect(unknown?.message.hasPrefix("x.csv:1:") == true)
    }

    /// Random valid vInfo sheets parse to exactly the rows written; corrupting one CPU field is reported at that
    /// row and column.
    @Test func randomSheetsRoundTripAndCorruptionIsLocated() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let count = 1 + Int(rng.next() % 20)
            var rows: [(String, Int, Int)] = []
            var text = "VM,CPUs,Memory,Network #1\n"
            for i in 0..<count {
                let name = "vm \(i) \"q\", x"  // needs quoting
                let cpus = 1 + Int(rng.next() % 64)
                let mem = 512 * (1 + Int(rng.next() % 64))
                rows.append((name, cpus, mem))
                text += "\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\",\(cpus),\(mem),net\(i % 3)\n"
            }
            let vms = try? RVToolsParser.parse(files: [("s.csv", text)])
            #expect(vms?.map(\.name) == rows.map(\.0), "seed \(seed)")
            #expect(vms?.map(\.cpus) == rows.map(\.1) && vms?.map(\.memoryMiB) == rows.map(\.2), "seed \(seed)")
            // Corrupt row k's CPU field.
            let k = Int(rng.next() % UInt64(count))
            var lines = text.split(separator: "\n").map(String.init)
            lines[k + 1] = lines[k + 1].replacingOccurrences(of: ",\(rows[k].1),", with: ",x\(rows[k].1),")
            do {
                _ = try RVToolsParser.parse(files: [("s.csv", lines.joined(separator: "\n"))])
                Issue.record("corrupted sheet parsed, seed \(seed)")
            } catch let error as SwitchyardError {
                #expect(error.code == .invalidInventory)
                #expect(error.message.hasPrefix("s.csv:\(k + 2):2:"), "seed \(seed): \(error.message)")
            } catch {
                Issue.record("unexpected error \(error), seed \(seed)")
            }
        }
    }

    @Test func estateMergesFactsAcrossFormats() throws {
        let estate = Estate([
            SourceVM(name: "a", cpus: 2, memoryMiB: 0, source: "x"),
            SourceVM(name: "a", cpus: 2, memoryMiB: 2048, guestOS: "rhel9", ipAddresses: ["10.0.0.1"], source: "y"),
        ])
        #expect(estate.count == 1 && estate.vms[0].memoryMiB == 2048 && estate.vms[0].guestOS == "rhel9")
    }
}

@Suite struct UsageParserTests {
    let estate = Estate([SourceVM(name: "a", cpus: 8, memoryMiB: 16384), SourceVM(name: "b", cpus: 2, memoryMiB: 2048)])

    @Test func usageIsAppliedByName() throws {
        let sized = try UsageParser.apply(
            "vm,cpu_p95_cores,memory_p95_mib\na,1.5,3000\nb,,1024\n", file: "u.csv", to: estate)
        #expect(sized.vms[0].p95CPUCores == 1.5 && sized.vms[0].p95MemoryMiB == 3000)
        #expect(sized.vms[1].p95CPUCores == nil && sized.vms[1].p95MemoryMiB == 1024)
    }

    @Test func badUsageNamesRowAndColumn() {
        let e1 = #expect(throws: SwitchyardError.self) {
            try UsageParser.apply("vm,cpu_p95_cores\na,1\nzz,2\n", file: "u.csv", to: estate)
        }
        #expect(e1?.message.hasPrefix("u.csv:3:1:") == true)
        let e2 = #expect(throws: SwitchyardError.self) {
            try UsageParser.apply("vm,memory_p95_mib,cpu_p95_cores\na,10,-1\n", file: "u.csv", to: estate)
        }
        #expect(e2?.message.hasPrefix("u.csv:2:3:") == true, "\(e2?.message ?? "")")
        #expect(e2?.code == .invalidInventory)
    }
}
