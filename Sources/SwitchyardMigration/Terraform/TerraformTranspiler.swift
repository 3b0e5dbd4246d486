import Foundation
import SwitchyardCore

/// Turns a planned estate into Terraform for AWS, in Terraform's JSON syntax (`main.tf.json`, one directory per
/// wave), so the output is plain JSON that is deterministic and checkable: one `aws_instance` per VM, its
/// type chosen from observed p95 use (with headroom) when usage is given and from the configured size otherwise,
/// a root volume plus one `aws_ebs_volume` + attachment per further disk, and the subnet looked up by port group.
public struct TerraformTranspiler: Sendable {
    /// Headroom over observed p95 use (1.25 = 25 %).
    public var headroom: Double
    /// AWS region.
    public var region: String

    /// Makes a transpiler.
    /// - Parameters:
    ///   - headroom: Headroom over observed p95 use (1.25 = 25 %).
    ///   - region: AWS region.
    public init(headroom: Double = 1.25, region: String = "eu-west-1") {
        self.headroom = headroom
        self.region = region
    }

    /// One file per wave: `terraform/wave-NN/main.tf.json` → its JSON.
    /// - Parameters:
    ///   - estate: The VMs and their facts.
    ///   - groups: Their application groups.
    ///   - waves: The wave plan.
    ///   - excluding: Source names of VMs to leave out (held back by critical concerns); a wave left empty gets
    ///     no file.
    public func files(
        estate: Estate, groups: ApplicationGroups, waves: WavePlan, excluding: Set<String> = []
    ) -> [(path: String, json: JSONValue)] {
        let names = NameAllocator(estate.vms.map(\.name))
        let width = max(2, String(waves.waves.count).count)
        var out: [(String, JSONValue)] = []
        for wave in waves.waves {
            var instances: [String: JSONValue] = [:]
            var volumes: [String: JSONValue] = [:]
            var attachments: [String: JSONValue] = [:]
            var outputs: [String: JSONValue] = [:]
            for vm in wave.vms where !excluding.contains(estate.vms[vm].name) {
                let source = estate.vms[vm]
                // Terraform names start with a letter or '_'.
                let base = names[source.name].replacingOccurrences(of: "-", with: "_")
                let id = base.first?.isNumber == true ? "vm_" + base : base
                let type = instanceType(for: source)
                let network = source.nics.first?.network ?? ""
                let root = source.disks.first.map { max(8, ($0.capacityMiB + 1023) / 1024) } ?? 20
                instances[id] = [
                    "ami": "${var.ami_id}",
                    "instance_type": .string(type?.name ?? "m6i.24xlarge"),
                    "subnet_id": .string(
                        "${lookup(var.subnet_ids, \(JSONValue.string(network).jsonText), var.default_subnet_id)}"),
                    "root_block_device": ["volume_size": .int(root), "volume_type": "gp3", "encrypted": true],
                    "tags": [
                        "Name": .string(names[source.name]),
                        "SourceVM": .string(source.name),
                        "Application": .string(groups.groups[groups.groupOf[vm]].name),
                        "Wave": .string(String(wave.number)),
                        "ManagedBy": "switchyard",
                    ],
                ]
                outputs["\(id)_private_ip"] = ["value": .string("${aws_instance.\(id).private_ip}")]
                for (i, disk) in source.disks.enumerated().dropFirst() {
                    let volume = "\(id)_disk\(i)"
                    volumes[volume] = [
                        "availability_zone": .string("${aws_instance.\(id).availability_zone}"),
                        "size": .int(max(1, (disk.capacityMiB + 1023) / 1024)), "type": "gp3", "encrypted": true,
                        "tags": ["Name": .string("\(names[source.name])-disk\(i)"), "ManagedBy": "switchyard"],
                    ]
                    let device = "/dev/sd" + String(UnicodeScalar(UInt8(ascii: "f") + UInt8(min(i - 1, 20))))
                    attachments[volume] = [
                        "device_name": .string(device), "volume_id": .string("${aws_ebs_volume.\(volume).id}"),
                        "instance_id": .string("${aws_instance.\(id).id}"),
                    ]
                }
            }
            if instances.isEmpty { continue }
            var resource: [String: JSONValue] = ["aws_instance": .object(instances)]
            if !volumes.isEmpty {
                resource["aws_ebs_volume"] = .object(volumes)
                resource["aws_volume_attachment"] = .object(attachments)
            }
            let document: JSONValue = [
                "terraform": ["required_providers": ["aws": ["source": "hashicorp/aws", "version": "~> 5.0"]]],
                "provider": ["aws": ["region": .string(region)]],
                "variable": [
                    "ami_id": ["type": "string", "description": "AMI of the converted images"],
                    "subnet_ids": ["type": "map(string)", "default": [:], "description": "Subnet per port group"],
                    "default_subnet_id": ["type": "string", "description": "Subnet for port groups not in subnet_ids"],
                ],
                "resource": .object(resource),
                "output": .object(outputs),
            ]
            let dir =
                "wave-" + String(repeating: "0", count: max(0, width - String(wave.number).count))
                + String(wave.number)
            out.append(("terraform/\(dir)/main.tf.json", document))
        }
        return out
    }

    /// The files of ``files(estate:groups:waves:excluding:)`` as manifests (path, JSON, wave), for the workflow's
    /// state and for ``TerraformCheck``.
    /// - Parameters:
    ///   - estate: The VMs and their facts.
    ///   - groups: Their application groups.
    ///   - waves: The wave plan.
    ///   - excluding: Source names of VMs to leave out.
    public func manifests(
        estate: Estate, groups: ApplicationGroups, waves: WavePlan, excluding: Set<String> = []
    ) -> [Manifest] {
        files(estate: estate, groups: groups, waves: waves, excluding: excluding).map { file in
            let wave = file.path.split(separator: "/").dropFirst().first.flatMap { Int($0.dropFirst("wave-".count)) }
            return Manifest(path: file.path, object: file.json, wave: wave ?? 0)
        }
    }

    /// The instance type for a VM: from p95 use × headroom when known, from its configured size otherwise.
    /// - Parameter vm: The VM, with its configured size and observed use.
    public func instanceType(for vm: SourceVM) -> InstanceCatalog.InstanceType? {
        var vcpus = max(1, vm.cpus)
        var memory = max(512, vm.memoryMiB)
        if let p95 = vm.p95CPUCores { vcpus = min(vcpus, max(1, Int((p95 * headroom).rounded(.up)))) }
        if let p95 = vm.p95MemoryMiB { memory = min(memory, max(512, Int((Double(p95) * headroom).rounded(.up)))) }
        return InstanceCatalog.choose(vcpus: vcpus, memoryMiB: memory)
    }

    /// Pretty, key-sorted JSON text for a `.tf.json` file.
    /// - Parameter json: The file's JSON.
    public static func text(_ json: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(json)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
