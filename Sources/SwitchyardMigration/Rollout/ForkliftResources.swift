import Foundation
import SwitchyardCore

/// Forklift (`forklift.konveyor.io/v1beta1`) resources for one wave: a `NetworkMap` (each source port group to
/// its Multus attachment), a `StorageMap` (each datastore to the storage class), a cold or warm `Plan` naming
/// the wave's VMs with their target names, and the `Migration` that starts it.
struct ForkliftResources {
    let settings: ForkliftSettings
    let targetNamespace: String
    let wave: Int

    static let apiVersion = "forklift.konveyor.io/v1beta1"

    /// `<namespace>-wave-NN`, the name every resource of the wave shares.
    var name: String {
        let base = RFC1123.label("\(targetNamespace)-\(WaveRunbook.directory(forWave: wave))", maxLength: 63)
        return base
    }

    private var metadata: JSONValue {
        [
            "name": .string(name), "namespace": .string(settings.namespace),
            "labels": [
                KubeVirtTranspiler.Labels.managedBy: "switchyard",
                KubeVirtTranspiler.Labels.wave: .string(String(wave)),
            ],
        ]
    }

    private var providers: JSONValue {
        [
            "source": ["name": .string(settings.sourceProvider), "namespace": .string(settings.namespace)],
            "destination": ["name": .string(settings.destinationProvider), "namespace": .string(settings.namespace)],
        ]
    }

    private func reference(_ name: String) -> JSONValue {
        ["name": .string(name), "namespace": .string(settings.namespace)]
    }

    /// - Parameter networks: source port group → NetworkAttachmentDefinition name (in the target namespace).
    func networkMap(_ networks: [(source: String, nad: String)]) -> JSONValue {
        [
            "apiVersion": .string(Self.apiVersion), "kind": "NetworkMap", "metadata": metadata,
            "spec": [
                "provider": providers,
                "map": .array(
                    networks.map {
                        [
                            "source": ["name": .string($0.source)],
                            "destination": [
                                "type": "multus", "name": .string($0.nad), "namespace": .string(targetNamespace),
                            ],
                        ]
                    }),
            ],
        ]
    }

    /// - Parameter datastores: the source datastores of the wave's disks.
    func storageMap(_ datastores: [String]) -> JSONValue {
        [
            "apiVersion": .string(Self.apiVersion), "kind": "StorageMap", "metadata": metadata,
            "spec": [
                "provider": providers,
                "map": .array(
                    datastores.map {
                        [
                            "source": ["name": .string($0)],
                            "destination": ["storageClass": .string(settings.storageClass)],
                        ]
                    }),
            ],
        ]
    }

    /// - Parameter vms: the wave's VMs: source name, managed object id when known, target name.
    func plan(_ vms: [(source: String, id: String?, target: String)], description: String) -> JSONValue {
        [
            "apiVersion": .string(Self.apiVersion), "kind": "Plan", "metadata": metadata,
            "spec": [
                "description": .string(description),
                "provider": providers,
                "map": ["network": reference(name), "storage": reference(name)],
                "targetNamespace": .string(targetNamespace),
                "type": .string(settings.migrationType),
                "targetPowerState": "auto",
                "vms": .array(
                    vms.map { vm in
                        var entry: [String: JSONValue] = ["name": .string(vm.source), "targetName": .string(vm.target)]
                        if let id = vm.id { entry["id"] = .string(id) }
                        return .object(entry)
                    }),
            ],
        ]
    }

    func migration() -> JSONValue {
        [
            "apiVersion": .string(Self.apiVersion), "kind": "Migration", "metadata": metadata,
            "spec": ["plan": reference(name)],
        ]
    }

    /// The datastore in a vSphere backing file name (`[ds1] web01/web01.vmdk` → `ds1`).
    static func datastore(_ fileName: String?) -> String? {
        guard let fileName, fileName.hasPrefix("["), let close = fileName.firstIndex(of: "]") else { return nil }
        let name = fileName[fileName.index(after: fileName.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// A vSphere managed object id (`vm-42`), which Forklift matches exactly; other ids are left out.
    static func managedObjectID(_ id: String?) -> String? {
        guard let id, id.hasPrefix("vm-"), Int(id.dropFirst(3)) != nil else { return nil }
        return id
    }
}
