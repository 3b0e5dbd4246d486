import SwitchyardCore
import Foundation

/// A generated VMware estate with planted application groups, for tests and benchmarks: RVTools CSV sheets and
/// a flow CSV whose structure is known.
///
/// Each group `appNNN` has web, app and db tiers (web → app on 8080, app → db on 5432, db replica → primary on
/// 5432). Some groups also call a server of an *earlier* group (a cross-group link on 8443), so the planted
/// group dependencies are acyclic. Optional shared services: two DNS servers every VM queries (53) and a monitor
/// that scrapes every VM (9100). Some records come from addresses outside the estate.
public struct SyntheticEstate: Sendable {
    /// Generation settings.
    public struct Config: Sendable {
        /// Seed for everything random.
        public var seed: UInt64
        /// Number of application groups.
        public var groups: Int
        /// Group sizes are uniform in this range.
        public var groupSize: ClosedRange<Int>
        /// Probability that a group calls a server of an earlier group (per group, up to two links).
        public var crossGroupProbability: Double
        /// Add DNS and monitoring shared services.
        public var sharedServices: Bool
        /// Total flow records to emit (spread over the links; at least one per link).
        public var flowRecords: Int
        /// Share of extra records from outside the estate.
        public var externalShare: Double

        /// Makes a config.
        public init(
            seed: UInt64 = 1, groups: Int = 20, groupSize: ClosedRange<Int> = 3...12,
            crossGroupProbability: Double = 0.3,
            sharedServices: Bool = true, flowRecords: Int = 20_000, externalShare: Double = 0.02
        ) {
            self.seed = seed
            self.groups = groups
            self.groupSize = groupSize
            self.crossGroupProbability = crossGroupProbability
            self.sharedServices = sharedServices
            self.flowRecords = flowRecords
            self.externalShare = externalShare
        }
    }

    /// One generated VM.
    public struct VM: Sendable, Hashable {
        public var name: String
        /// The planted group (-1 for shared services).
        public var group: Int
        public var tier: String
        public var ip: String
        public var cpus: Int
        public var memoryMiB: Int
        public var diskMiB: Int
        public var network: String
    }

    /// One planted client → server dependency.
    public struct Dependency: Sendable, Hashable {
        public var client: Int
        public var server: Int
        public var port: Int
        /// Between two different planted groups.
        public var crossGroup: Bool
        /// How many records it gets.
        public var records: Int
    }

    /// The settings used.
    public var config: Config
    /// The VMs.
    public var vms: [VM]
    /// The planted groups (VM indices).
    public var plantedGroups: [[Int]]
    /// The planted dependencies.
    public var dependencies: [Dependency]
    /// Extra records from outside the estate.
    public var externalRecords: Int

    /// Generates an estate.
    /// - Parameter config: the seed, group count and sizes, links and flow records.
    public init(_ config: Config) {
        self.config = config
        var rng = SplitMix64(seed: config.seed)
        func uniform(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(rng.next() % UInt64(range.count))
        }
        func chance(_ p: Double) -> Bool { Double(rng.next() >> 11) / Double(1 << 53) < p }
        var vms: [VM] = []
        var planted: [[Int]] = []
        var deps: [Dependency] = []
        func ip(_ i: Int) -> String { "10.\(i / 65536 % 256).\(i / 256 % 256).\(i % 256)" }
        var servers: [[Int]] = []  // per group: app and db VMs (callable from later groups)
        let width = max(3, String(config.groups).count)
        for g in 0..<config.groups {
            let size = uniform(config.groupSize)
            let dbs = max(1, size / 6)
            let apps = max(1, size / 3)
            let webs = max(1, size - dbs - apps)
            let id = String(repeating: "0", count: width - String(g + 1).count) + String(g + 1)
            let network = "VLAN \(100 + g % 16) prod"
            var members: [Int] = []
            var tiers: [String: [Int]] = [:]
            for (tier, count) in [("db", dbs), ("app", apps), ("web", webs)] {
                for k in 1...count {
                    let index = vms.count
                    vms.append(
                        VM(
                            name: "app\(id)-\(tier)-\(k)", group: g, tier: tier, ip: ip(index + 256),
                            cpus: [1, 2, 4, 8][uniform(0...3)], memoryMiB: 1024 * [2, 4, 8, 16][uniform(0...3)],
                            diskMiB: 1024 * [20, 40, 80, 200][uniform(0...3)], network: network))
                    members.append(index)
                    tiers[tier, default: []].append(index)
                }
            }
            planted.append(members)
            let web = tiers["web"]!
            let app = tiers["app"]!
            let db = tiers["db"]!
            for w in web {
                deps.append(
                    Dependency(
                        client: w, server: app[uniform(0...(app.count - 1))], port: 8080, crossGroup: false, records: 0)
                )
            }
            for (i, a) in app.enumerated() {
                deps.append(Dependency(client: a, server: db[0], port: 5432, crossGroup: false, records: 0))
                if i > 0 {
                    deps.append(Dependency(client: a, server: app[0], port: 8080, crossGroup: false, records: 0))
                }
            }
            for d in db.dropFirst() {
                deps.append(Dependency(client: d, server: db[0], port: 5432, crossGroup: false, records: 0))
            }
            if g > 0 {
                for _ in 0..<2 where chance(config.crossGroupProbability) {
                    let h = uniform(0...(g - 1))
                    let target = servers[h][uniform(0...(servers[h].count - 1))]
                    deps.append(
                        Dependency(
                            client: app[uniform(0...(app.count - 1))], server: target, port: 8443, crossGroup: true,
                            records: 0))
                }
            }
            servers.append(app + db)
        }
        if config.sharedServices {
            let base = vms.count
            for (k, (tier, name)) in [("dns", "infra-dns-1"), ("dns", "infra-dns-2"), ("monitor", "infra-mon-1")]
                .enumerated()
            {
                vms.append(
                    VM(
                        name: name, group: -1, tier: tier, ip: ip(base + k + 256), cpus: 2, memoryMiB: 4096,
                        diskMiB: 40960,
                        network: "VLAN 10 infra"))
            }
            for vm in 0..<base {
                deps.append(Dependency(client: vm, server: base + (vm % 2), port: 53, crossGroup: true, records: 0))
                deps.append(Dependency(client: base + 2, server: vm, port: 9100, crossGroup: true, records: 0))
            }
        }
        // Cross-group and shared-service links get 1–3 records; intra-group links share the rest evenly.
        let external = Int(Double(config.flowRecords) * config.externalShare)
        var assigned = 0
        var intra: [Int] = []
        for i in deps.indices {
            if deps[i].crossGroup {
                deps[i].records = uniform(1...3)
                assigned += deps[i].records
            } else {
                intra.append(i)
            }
        }
        let budget = max(intra.count, config.flowRecords - external - assigned)
        for (k, i) in intra.enumerated() {
            deps[i].records = budget / intra.count + (k < budget % intra.count ? 1 : 0)
        }
        self.vms = vms
        self.plantedGroups = planted
        self.dependencies = deps
        self.externalRecords = external
    }

    /// The RVTools vInfo sheet (RVTools 4.x column names, or the older `MB` names when `legacyUnits`).
    /// - Parameter legacyUnits: write the older `MB` column names.
    public func vInfoCSV(legacyUnits: Bool = false) -> String {
        let unit = legacyUnits ? "MB" : "MiB"
        var out =
            "VM,Powerstate,Template,CPUs,Memory,NICs,Disks,Total disk capacity \(unit),Primary IP Address,"
            + "Network #1,Firmware,OS according to the configuration file,VM ID,VM UUID\n"
        for (i, vm) in vms.enumerated() {
            let uuid = SyntheticEstate.uuid(i)
            out +=
                "\(vm.name),poweredOn,False,\(vm.cpus),\(vm.memoryMiB),1,1,\(vm.diskMiB),\(vm.ip),\(vm.network),"
                + "\(i % 3 == 0 ? "efi" : "bios"),Red Hat Enterprise Linux 9 (64-bit),vm-\(1000 + i),\(uuid)\n"
        }
        return out
    }

    /// The RVTools vNetwork sheet.
    public func vNetworkCSV() -> String {
        var out =
            "VM,Powerstate,NIC label,Adapter,Network,Switch,Connected,Starts Connected,Mac Address,Type,IPv4 Address\n"
        for (i, vm) in vms.enumerated() {
            let mac = String(format: "00:50:56:%02x:%02x:%02x", (i >> 16) & 255, (i >> 8) & 255, i & 255)
            out +=
                "\(vm.name),poweredOn,Network adapter 1,vmxnet3,\(vm.network),vSwitch0,True,True,\(mac),Assigned,\(vm.ip)\n"
        }
        return out
    }

    /// The RVTools vDisk sheet.
    /// - Parameter legacyUnits: write the older `MB` column names.
    public func vDiskCSV(legacyUnits: Bool = false) -> String {
        var out = "VM,Disk,Disk Key,Capacity \(legacyUnits ? "MB" : "MiB"),Raw,Disk Mode,Sharing mode,Thin,Path\n"
        for vm in vms {
            out +=
                "\(vm.name),Hard disk 1,2000,\(vm.diskMiB),False,persistent,sharingNone,True,"
                + "\"[ds1] \(vm.name)/\(vm.name).vmdk\"\n"
        }
        return out
    }

    /// The flows as CSV (`src,dst,port,protocol,bytes,count`), records of one link together.
    public func flowsCSV() -> [UInt8] {
        var rng = SplitMix64(seed: config.seed ^ 0xF10F)
        var out: [UInt8] = []
        out.reserveCapacity((dependencies.reduce(0) { $0 + $1.records } + externalRecords) * 44)
        out += Array("src,dst,port,protocol,bytes,count\n".utf8)
        func append(_ s: String) { out += Array(s.utf8) }
        for dep in dependencies {
            let src = Array(vms[dep.client].ip.utf8)
            let dst = Array(vms[dep.server].ip.utf8)
            let proto = dep.port == 53 ? "udp" : "tcp"
            let tail = Array(",\(dep.port),\(proto),".utf8)
            for _ in 0..<dep.records {
                let bytes = dep.crossGroup ? 200 + Int(rng.next() % 4000) : 2000 + Int(rng.next() % 200_000)
                out += src
                out.append(44)
                out += dst
                out += tail
                append(String(bytes))
                out += Array(",1\n".utf8)
            }
        }
        for k in 0..<externalRecords {
            let target = vms[Int(rng.next() % UInt64(vms.count))].ip
            append("203.0.113.\(k % 250 + 1),\(target),443,tcp,\(500 + Int(rng.next() % 5000)),1\n")
        }
        return out
    }

    static func uuid(_ i: Int) -> String {
        let hex = String(i, radix: 16)
        return "4210" + String(repeating: "0", count: 4) + "-0000-4000-8000-"
            + String(repeating: "0", count: 12 - hex.count) + hex
    }
}
