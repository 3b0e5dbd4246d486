import Foundation
import SwitchyardCore

/// Turns a planned estate into KubeVirt `VirtualMachine`s (with CDI `DataVolume` templates and Multus NICs), a
/// Multus `NetworkAttachmentDefinition` per port group, and ClusterIP `Service`s for VMs that serve traffic.
///
/// Output is deterministic: names come from `NameAllocator` (sorted sources), objects are sorted, and YAML keys
/// are ordered by `YAMLWriter`. Networks go to `networks/`, everything else to `wave-NN/` of its VM's wave.
public struct KubeVirtTranspiler: Sendable {
    /// The settings.
    public var options: TranspileOptions

    /// Label keys on every emitted object.
    public enum Labels {
        public static let application = "app.kubernetes.io/part-of"
        public static let wave = "migration.switchyard.io/wave"
        public static let sourceVM = "migration.switchyard.io/source-vm"
        public static let role = "migration.switchyard.io/role"
        public static let managedBy = "app.kubernetes.io/managed-by"
    }

    /// Makes a transpiler.
    /// - Parameter options: Namespace, storage, bridge, sizing and disk import settings.
    public init(options: TranspileOptions = TranspileOptions()) { self.options = options }

    /// Every manifest for the estate, sorted by path.
    /// - Parameters:
    ///   - estate: The VMs and their facts.
    ///   - groups: Their application groups.
    ///   - waves: The wave plan.
    ///   - flows: The flows (the ports a VM serves become its Service).
    public func manifests(
        estate: Estate, groups: ApplicationGroups, waves: WavePlan, flows: FlowTable
    ) -> [Manifest] {
        let vmNames = NameAllocator(estate.vms.map(\.name))
        let netNames = NameAllocator(estate.networks)
        let waveWidth = max(2, String(waves.waves.count).count)
        var served = [Set<Int>](repeating: [], count: estate.count)
        for link in flows.links { served[link.server].formUnion(link.ports) }
        var out: [Manifest] = []
        for network in estate.networks {
            let nad = networkAttachment(network, name: netNames[network])
            out.append(
                Manifest(path: "networks/networkattachmentdefinition-\(netNames[network]).yaml", object: nad, wave: 0))
        }
        for (index, vm) in estate.vms.enumerated() {
            let wave = waves.waveOf[index]
            let dir = "wave-" + String(repeating: "0", count: max(0, waveWidth - String(wave).count)) + String(wave)
            let name = vmNames[vm.name]
            let role = VMRole.infer(served[index])
            let labels: [String: JSONValue] = [
                Labels.application: .string(RFC1123.label(groups.groups[groups.groupOf[index]].name)),
                Labels.wave: .string(String(wave)),
                Labels.sourceVM: .string(name),
                Labels.role: .string(role.rawValue),
                Labels.managedBy: "switchyard",
            ]
            let object = virtualMachine(vm, name: name, labels: labels, role: role, netNames: netNames)
            out.append(Manifest(path: "\(dir)/virtualmachine-\(name).yaml", object: object, wave: wave))
            if options.podNetwork && !served[index].isEmpty {
                out.append(
                    Manifest(
                        path: "\(dir)/service-\(name).yaml",
                        object: service(name: name, labels: labels, ports: served[index].sorted()), wave: wave))
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// The Multus attachment for one port group: a Linux bridge CNI config, with the VLAN id when the port
    /// group's name carries one (`VLAN 120`, `vlan-120`, `pg_120`).
    /// - Parameters:
    ///   - network: The port group's name.
    ///   - name: The attachment's name.
    public func networkAttachment(_ network: String, name: String) -> JSONValue {
        var config: [String: JSONValue] = [
            "cniVersion": "0.3.1", "name": .string(name), "type": "bridge", "bridge": .string(options.bridge),
            "macspoofchk": true, "ipam": [:],
        ]
        if let vlan = KubeVirtTranspiler.vlanID(network) { config["vlan"] = .int(vlan) }
        return [
            "apiVersion": "k8s.cni.cncf.io/v1",
            "kind": "NetworkAttachmentDefinition",
            "metadata": [
                "name": .string(name), "namespace": .string(options.namespace),
                "labels": [Labels.managedBy: "switchyard"],
                "annotations": ["migration.switchyard.io/source-network": .string(network)],
            ],
            "spec": ["config": .string(JSONValue.object(config).jsonText)],
        ]
    }

    /// The VLAN id in a port group name: the last run of digits after "vlan", or a trailing `_N`/`-N`.
    static func vlanID(_ network: String) -> Int? {
        let lower = network.lowercased()
        func digits(after index: String.Index) -> Int? {
            let rest = lower[index...].drop { !$0.isNumber }
            let number = rest.prefix { $0.isNumber }
            guard let v = Int(number), (1...4094).contains(v) else { return nil }
            return v
        }
        if let r = lower.range(of: "vlan") { return digits(after: r.upperBound) }
        let trailing = lower.reversed().prefix { $0.isNumber }
        if !trailing.isEmpty, trailing.count < lower.count {
            let separator = lower[lower.index(lower.endIndex, offsetBy: -trailing.count - 1)]
            if separator == "_" || separator == "-" || separator == " ", let v = Int(String(trailing.reversed())),
                (1...4094).contains(v)
            {
                return v
            }
        }
        return nil
    }

    func virtualMachine(
        _ vm: SourceVM, name: String, labels: [String: JSONValue], role: VMRole, netNames: NameAllocator
    ) -> JSONValue {
        // Right-sizing from observed p95 when given.
        var cores = max(1, vm.cpus)
        var memoryMiB = vm.memoryMiB > 0 ? vm.memoryMiB : 1024
        if let p95 = vm.p95CPUCores {
            cores = min(cores, max(1, Int((p95 * options.headroom).rounded(.up))))
        }
        if let p95 = vm.p95MemoryMiB {
            let sized = Int((Double(p95) * options.headroom / 256).rounded(.up)) * 256
            memoryMiB = min(memoryMiB, max(512, sized))
        }
        let perSocket = vm.coresPerSocket.flatMap { $0 > 0 && cores % $0 == 0 ? $0 : nil } ?? cores
        var domain: [String: JSONValue] = [
            "cpu": ["sockets": .int(cores / perSocket), "cores": .int(perSocket), "threads": 1],
            "memory": ["guest": .string("\(memoryMiB)Mi")],
            "resources": [
                "requests": ["memory": .string("\(memoryMiB)Mi"), "cpu": .string(cpuRequest(vm, cores: cores))],
                "limits": ["memory": .string("\(memoryMiB)Mi"), "cpu": .string(String(cores))],
            ],
        ]
        var firmware: [String: JSONValue] = [:]
        if vm.firmware == "efi" {
            firmware["bootloader"] = ["efi": ["secureBoot": .bool(vm.secureBoot == true)]]
            if vm.secureBoot == true { domain["features"] = ["smm": ["enabled": true]] }
        } else {
            firmware["bootloader"] = ["bios": [:]]
        }
        if let uuid = vm.uuid, UUID(uuidString: uuid) != nil { firmware["uuid"] = .string(uuid.lowercased()) }
        domain["firmware"] = .object(firmware)
        // Disks as DataVolume templates.
        var dataVolumeTemplates: [JSONValue] = []
        var disks: [JSONValue] = []
        var volumes: [JSONValue] = []
        for (i, disk) in vm.disks.enumerated() where !disk.raw {
            let volume = "disk\(i)"
            let dvName = String(name.prefix(63 - "-disk\(i)".count)).trimmingTrailingDashes + "-disk\(i)"
            let mib = disk.capacityMiB > 0 ? disk.capacityMiB : options.defaultDiskMiB
            var storage: [String: JSONValue] = [
                "accessModes": ["ReadWriteOnce"],
                "resources": ["requests": ["storage": .string(KubeVirtTranspiler.quantity(mib: mib))]],
            ]
            if let sc = options.storageClass { storage["storageClassName"] = .string(sc) }
            dataVolumeTemplates.append([
                "metadata": ["name": .string(dvName), "labels": .object(labels)],
                "spec": ["storage": .object(storage), "source": diskSource(vm, disk)],
            ])
            var entry: [String: JSONValue] = ["name": .string(volume), "disk": ["bus": "virtio"]]
            if i == 0 { entry["bootOrder"] = 1 }
            disks.append(.object(entry))
            volumes.append(["name": .string(volume), "dataVolume": ["name": .string(dvName)]])
        }
        // NICs as Multus networks, in source order (MACs kept), then the pod network.
        var interfaces: [JSONValue] = []
        var networks: [JSONValue] = []
        for (i, nic) in vm.nics.enumerated() where !nic.network.isEmpty {
            var interface: [String: JSONValue] = ["name": .string("nic\(i)"), "bridge": [:], "model": "virtio"]
            if let mac = nic.macAddress, KubeVirtTranspiler.isMAC(mac) {
                interface["macAddress"] = .string(mac.lowercased())
            }
            interfaces.append(.object(interface))
            networks.append([
                "name": .string("nic\(i)"),
                "multus": ["networkName": .string("\(options.namespace)/\(netNames[nic.network])")],
            ])
        }
        if options.podNetwork {
            interfaces.append(["name": "pod", "masquerade": [:]])
            networks.append(["name": "pod", "pod": [:]])
        }
        var devices: [String: JSONValue] = ["disks": .array(disks), "interfaces": .array(interfaces)]
        if vm.tpm == true { devices["tpm"] = ["persistent": true] }
        domain["devices"] = .object(devices)
        var templateSpec: [String: JSONValue] = [
            "domain": .object(domain), "networks": .array(networks), "volumes": .array(volumes),
        ]
        if role == .database {
            // Keep a group's database VMs (primaries and replicas) on different nodes.
            templateSpec["affinity"] = [
                "podAntiAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        [
                            "labelSelector": [
                                "matchLabels": [
                                    .init(stringLiteral: Labels.application): labels[Labels.application]!,
                                    .init(stringLiteral: Labels.role): "database",
                                ]
                            ],
                            "topologyKey": "kubernetes.io/hostname",
                        ]
                    ]
                ]
            ]
        }
        var templateLabels = labels
        templateLabels["vm.kubevirt.io/name"] = .string(name)
        return [
            "apiVersion": "kubevirt.io/v1",
            "kind": "VirtualMachine",
            "metadata": [
                "name": .string(name), "namespace": .string(options.namespace), "labels": .object(labels),
                "annotations": [
                    "migration.switchyard.io/source-name": .string(vm.name),
                    "migration.switchyard.io/source": .string(vm.source),
                ],
            ],
            "spec": [
                "runStrategy": .string(vm.powerState?.lowercased() == "poweredoff" ? "Halted" : "Always"),
                "dataVolumeTemplates": .array(dataVolumeTemplates),
                "template": [
                    "metadata": ["labels": .object(templateLabels)],
                    "spec": .object(templateSpec),
                ],
            ],
        ]
    }

    private func cpuRequest(_ vm: SourceVM, cores: Int) -> String {
        guard let p95 = vm.p95CPUCores else { return String(cores) }
        let millis = max(100, Int((p95 * options.headroom * 1000).rounded(.up)))
        return millis >= cores * 1000 ? String(cores) : "\(millis)m"
    }

    private func diskSource(_ vm: SourceVM, _ disk: SourceDisk) -> JSONValue {
        guard let vddk = options.vddk else { return ["blank": [:]] }
        // A VM or disk the inventory gives no UUID or backing file for still gets a VDDK source, without them:
        // the linter reports it (`datavolume.vddk`) instead of the disk silently arriving blank.
        var source: [String: JSONValue] = [
            "url": .string(vddk.url), "secretRef": .string(vddk.secretName), "thumbprint": .string(vddk.thumbprint),
        ]
        if let uuid = vm.uuid { source["uuid"] = .string(uuid) }
        if let file = disk.fileName { source["backingFile"] = .string(file) }
        if let image = vddk.initImageURL { source["initImageURL"] = .string(image) }
        return ["vddk": .object(source)]
    }

    func service(name: String, labels: [String: JSONValue], ports: [Int]) -> JSONValue {
        [
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": ["name": .string(name), "namespace": .string(options.namespace), "labels": .object(labels)],
            "spec": [
                "type": "ClusterIP",
                "selector": ["vm.kubevirt.io/name": .string(name)],
                "ports": .array(
                    ports.filter { (1...65535).contains($0) }.map {
                        ["name": .string("tcp-\($0)"), "port": .int($0), "targetPort": .int($0), "protocol": "TCP"]
                    }),
            ],
        ]
    }

    /// MiB as a Kubernetes quantity: whole GiB as `NGi`, otherwise `NMi`.
    static func quantity(mib: Int) -> String { mib % 1024 == 0 ? "\(mib / 1024)Gi" : "\(mib)Mi" }

    static func isMAC(_ s: String) -> Bool {
        let parts = s.split(separator: ":")
        return parts.count == 6 && parts.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }
}
