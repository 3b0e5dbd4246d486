import SwitchyardCore
import SwitchyardMigration

/// The migration workflow's settings, read from the run's input (the input schema has already checked types).
struct MigrationSettings: Sendable {
    var inventory: [String] = []
    var inventoryJSON: JSONValue?
    var flows: [String] = []
    var usage: [String] = []
    var policyFile: String?
    var waveCap = 50
    var resolution = 1.0
    var hubDegree: Int?
    var allowCrossWave: [(client: String, server: String)] = []
    var maxVMs = 2000
    var transpile = TranspileOptions()
    var method = RolloutMethod.manifests
    var gate = CriticalGate()
    /// The cluster to run approved waves against (input `cluster`); nil: every apply is a dry run.
    var cluster: ClusterInput?
    /// Where the rollout goes: `kubevirt` (the default) or `aws` (Terraform).
    var target = "kubevirt"
    /// The AWS region for target `aws`.
    var awsRegion = "eu-west-1"

    /// The input's `cluster`: a kubeconfig in the migration input directory and how to use it.
    struct ClusterInput: Sendable {
        var kubeconfig: String
        var context: String?
        var vcenter = false
        var rollbackOnFailure = true
    }

    /// Reads the input.
    /// - Throws: `invalid_input` saying which field is wrong and how to fix it.
    init(_ input: JSONValue) throws(SwitchyardError) {
        inventory = input["inventory"]?.arrayValue?.compactMap(\.stringValue) ?? []
        inventoryJSON = input["inventory_json"]
        flows = input["flows"]?.arrayValue?.compactMap(\.stringValue) ?? []
        usage = input["usage"]?.arrayValue?.compactMap(\.stringValue) ?? []
        policyFile = input["policy_file"]?.stringValue
        if let cap = input["wave_cap"]?.intValue { waveCap = cap }
        if let r = input["resolution"]?.numberValue { resolution = r }
        hubDegree = input["hub_degree"]?.intValue
        if let limit = input["max_vms"]?.intValue { maxVMs = limit }
        for (i, pair) in (input["allow_cross_wave"]?.arrayValue ?? []).enumerated() {
            let parts = (pair.stringValue ?? "").split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw SwitchyardError(
                    code: .invalidInput, message: "input allow_cross_wave[\(i)]: write CLIENT:SERVER (VM names)")
            }
            allowCrossWave.append((parts[0], parts[1]))
        }
        do {
            gate = try CriticalGate(parsing: (input["allow_critical"]?.arrayValue ?? []).compactMap(\.stringValue))
        } catch {
            throw SwitchyardError(code: .invalidInput, message: "input " + error.message)
        }
        if let c = input["cluster"], let kubeconfig = c["kubeconfig"]?.stringValue {
            cluster = ClusterInput(
                kubeconfig: kubeconfig, context: c["context"]?.stringValue, vcenter: c["vcenter"]?.boolValue ?? false,
                rollbackOnFailure: c["rollback_on_failure"]?.boolValue ?? true)
        }
        target = input["target"]?.stringValue ?? "kubevirt"
        awsRegion = input["aws_region"]?.stringValue ?? "eu-west-1"
        let namespace = input["namespace"]?.stringValue ?? "migrated"
        guard RFC1123.isValid(namespace) else {
            throw SwitchyardError(
                code: .invalidInput,
                message: "input namespace \(String(reflecting: namespace)) is not an RFC 1123 label: try "
                    + String(reflecting: RFC1123.label(namespace)))
        }
        var vddk: TranspileOptions.VDDKSource?
        if let v = input["vddk"], let url = v["url"]?.stringValue, let thumbprint = v["thumbprint"]?.stringValue {
            vddk = .init(
                url: url, secretName: v["secret"]?.stringValue ?? "vcenter-credentials", thumbprint: thumbprint,
                initImageURL: v["image"]?.stringValue)
        }
        let storageClass = input["storage_class"]?.stringValue
        transpile = TranspileOptions(
            namespace: namespace, storageClass: storageClass, bridge: input["bridge"]?.stringValue ?? "br1",
            podNetwork: input["pod_network"]?.boolValue ?? true, vddk: vddk)
        switch target == "aws" ? "terraform" : input["method"]?.stringValue ?? "forklift" {
        case "terraform": method = .terraform
        case "manifests": method = .manifests
        default:
            guard let storageClass else {
                throw SwitchyardError(
                    code: .invalidInput,
                    message: "input: method forklift (the default) maps every datastore to a storage class; give "
                        + "storage_class, or method \"manifests\" to apply the VirtualMachines without Forklift")
            }
            let f = input["forklift"] ?? [:]
            method = .forklift(
                ForkliftSettings(
                    storageClass: storageClass, namespace: f["namespace"]?.stringValue ?? "konveyor-forklift",
                    sourceProvider: f["provider"]?.stringValue ?? "vsphere",
                    destinationProvider: f["destination"]?.stringValue ?? "host",
                    migrationType: f["type"]?.stringValue ?? "cold"))
        }
        guard !inventory.isEmpty || inventoryJSON != nil else {
            throw SwitchyardError(
                code: .invalidInput,
                message: "input: name the inventory files in 'inventory' (paths in the migration input directory: "
                    + "govc vm.info -json output, RVTools vInfo/vNetwork/vDisk CSV, .vmx) or give govc JSON inline "
                    + "in 'inventory_json'")
        }
    }

    var discoveryOptions: Discovery.Options {
        Discovery.Options(
            waveCap: waveCap, hubDegree: hubDegree, louvain: Louvain(resolution: resolution),
            allowedCrossWave: allowCrossWave)
    }
}
