import SwitchyardCore

/// A structural check of the Terraform for AWS (`terraform` itself is not needed): every file declares the AWS
/// provider and the variables it uses; every VM planned for AWS has exactly one `aws_instance`, in its wave's
/// file, of a type from the catalog, the one chosen from its p95 use (or configured size); every volume
/// attachment names a volume and an instance of the same file. Findings name the file, the resource, the JSON
/// Pointer and the fix.
public struct TerraformCheck: Sendable {
    /// The transpiler the files came from (its headroom decides the expected instance types).
    public var transpiler: TerraformTranspiler

    /// Makes a check.
    /// - Parameter transpiler: The transpiler the files came from.
    public init(transpiler: TerraformTranspiler = TerraformTranspiler()) {
        self.transpiler = transpiler
    }

    /// The findings on `files` for the VMs of `estate` (less `excluding`).
    /// - Parameters:
    ///   - files: The Terraform files, as manifests (path and JSON).
    ///   - estate: The VMs.
    ///   - waves: The wave plan.
    ///   - excluding: Source names of VMs that must have no instance (held back by critical concerns).
    public func findings(
        _ files: [Manifest], estate: Estate, waves: WavePlan, excluding: Set<String> = []
    ) -> [LintFinding] {
        var out: [LintFinding] = []
        func add(_ file: String, _ object: String, _ pointer: String, _ message: String, _ fix: String) {
            out.append(
                LintFinding(
                    rule: "terraform", object: "\(file)#\(object)", pointer: pointer, message: message, fix: fix,
                    severity: .error))
        }
        let known = Set(InstanceCatalog.all.map(\.name))
        var instancesOf: [String: [(file: String, wave: Int, id: String, type: String?)]] = [:]
        for file in files {
            let doc = file.object
            if doc["provider"]?["aws"]?["region"]?.stringValue == nil {
                add(
                    file.path, "provider/aws", "/provider/aws/region", "no AWS provider region",
                    "set provider.aws.region")
            }
            for variable in ["ami_id", "subnet_ids", "default_subnet_id"] where doc["variable"]?[variable] == nil {
                add(
                    file.path, "variable/\(variable)", "/variable/\(variable)",
                    "the variable \(variable) is used but "
                        + "not declared", "declare it under variable")
            }
            let instances = doc["resource"]?["aws_instance"]?.objectValue ?? [:]
            if instances.isEmpty {
                add(file.path, "aws_instance", "/resource/aws_instance", "the file declares no instance", "remove it")
            }
            for (id, instance) in instances.sorted(by: { $0.key < $1.key }) {
                let pointer = "/resource/aws_instance/\(id)"
                guard let source = instance["tags"]?["SourceVM"]?.stringValue else {
                    add(file.path, "aws_instance/\(id)", pointer + "/tags/SourceVM", "no SourceVM tag", "tag it")
                    continue
                }
                instancesOf[source, default: []].append(
                    (file.path, file.wave, id, instance["instance_type"]?.stringValue))
                for field in ["ami", "subnet_id", "root_block_device"] where instance[field] == nil {
                    add(file.path, "aws_instance/\(id)", "\(pointer)/\(field)", "\(field) is not set", "set it")
                }
            }
            let volumes = doc["resource"]?["aws_ebs_volume"]?.objectValue ?? [:]
            for (id, attachment) in (doc["resource"]?["aws_volume_attachment"]?.objectValue ?? [:]).sorted(by: {
                $0.key < $1.key
            }) {
                let volume = attachment["volume_id"]?.stringValue ?? ""
                let instance = attachment["instance_id"]?.stringValue ?? ""
                let volumeOK = volumes.keys.contains { volume == "${aws_ebs_volume.\($0).id}" }
                let instanceOK = instances.keys.contains { instance == "${aws_instance.\($0).id}" }
                if !volumeOK || !instanceOK {
                    add(
                        file.path, "aws_volume_attachment/\(id)", "/resource/aws_volume_attachment/\(id)",
                        "it names \(volumeOK ? "" : "a volume ")\(volumeOK || instanceOK ? "" : "and ")"
                            + "\(instanceOK ? "" : "an instance ")not declared in this file",
                        "attach a volume and an instance of the same wave")
                }
            }
        }
        for (index, vm) in estate.vms.enumerated() {
            let found = instancesOf.removeValue(forKey: vm.name) ?? []
            let wave = waves.waveOf[index]
            if excluding.contains(vm.name) {
                for f in found {
                    add(
                        f.file, "aws_instance/\(f.id)", "/resource/aws_instance/\(f.id)",
                        "\(vm.name) is held back by a critical concern but has an instance", "remove it")
                }
                continue
            }
            guard found.count == 1, let f = found.first else {
                add(
                    "terraform", "aws_instance", "",
                    "\(vm.name) has \(found.count) instances (wave \(wave)); every "
                        + "VM needs exactly one", "transpile the estate again")
                continue
            }
            if f.wave != wave {
                add(
                    f.file, "aws_instance/\(f.id)", "",
                    "\(vm.name) is in wave \(wave) but its instance is in wave "
                        + "\(f.wave)'s file", "move it to wave \(wave)")
            }
            let expected = transpiler.instanceType(for: vm)?.name
            let pointer = "/resource/aws_instance/\(f.id)/instance_type"
            if let type = f.type, !known.contains(type) {
                add(
                    f.file, "aws_instance/\(f.id)", pointer, "\(type) is not in the instance catalog",
                    "use \(expected ?? "a catalog type")")
            } else if let expected, f.type != expected {
                add(
                    f.file, "aws_instance/\(f.id)", pointer,
                    "\(f.type ?? "no type") is not the type chosen from \(vm.name)'s "
                        + (vm.p95CPUCores != nil || vm.p95MemoryMiB != nil ? "p95 use" : "configured size"),
                    "use \(expected)")
            }
        }
        for (source, list) in instancesOf.sorted(by: { $0.key < $1.key }) {
            for f in list {
                add(
                    f.file, "aws_instance/\(f.id)", "/resource/aws_instance/\(f.id)/tags/SourceVM",
                    "\(source) is not a VM of the inventory", "remove the instance")
            }
        }
        return out
    }
}
