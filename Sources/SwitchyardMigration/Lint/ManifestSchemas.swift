import Foundation
import SwitchyardCore

/// The JSON Schemas emitted manifests are checked against, compiled once: KubeVirt VirtualMachine, CDI
/// DataVolume, Multus NetworkAttachmentDefinition, KEDA ScaledObject (datreeio/CRDs-catalog, MIT), core/v1 Service
/// (kubernetes-validate, Apache-2.0) and Forklift Plan, NetworkMap, StorageMap and Migration (converted from
/// kubev2v/forklift's CRDs, Apache-2.0), shipped as resources of this module (see Schemas/README.md).
public struct ManifestSchemas: Sendable {
    /// `apiVersion` + `kind` → compiled schema.
    private var schemas: [String: JSONSchema]

    /// The kinds covered, as `apiVersion/Kind`.
    public var kinds: [String] { schemas.keys.sorted() }

    /// Loads and compiles the shipped schemas.
    /// - Throws: `schema_missing` when a resource cannot be read, `invalid_schema` when one does not compile.
    public static func shipped() throws(SwitchyardError) -> ManifestSchemas {
        try cache.get()
    }

    private static let cache = Result { () throws(SwitchyardError) -> ManifestSchemas in try ManifestSchemas() }

    private init() throws(SwitchyardError) {
        func load(_ path: String) throws(SwitchyardError) -> JSONValue {
            guard let base = Bundle.module.resourceURL?.appendingPathComponent("Schemas/" + path),
                let data = try? Data(contentsOf: base)
            else {
                throw SwitchyardError(
                    code: .schemaMissing, message: "the shipped schema \(path) cannot be read: reinstall switchyard")
            }
            do {
                return try JSONValue(parsing: String(decoding: data, as: UTF8.self))
            } catch {
                throw SwitchyardError(code: .invalidSchema, message: "the shipped schema \(path) is not JSON")
            }
        }
        var registry = SchemaRegistry()
        try registry.register(try load("kubernetes/_definitions.json"))
        let options = JSONSchema.Options(registry: registry)
        schemas = [
            "kubevirt.io/v1/VirtualMachine": try JSONSchema(try load("kubevirt.io/virtualmachine_v1.json")),
            "cdi.kubevirt.io/v1beta1/DataVolume": try JSONSchema(try load("cdi.kubevirt.io/datavolume_v1beta1.json")),
            "k8s.cni.cncf.io/v1/NetworkAttachmentDefinition": try JSONSchema(
                try load("k8s.cni.cncf.io/networkattachmentdefinition_v1.json")),
            "keda.sh/v1alpha1/ScaledObject": try JSONSchema(try load("keda.sh/scaledobject_v1alpha1.json")),
            "v1/Service": try JSONSchema(try load("kubernetes/service-v1.json"), options: options),
            "forklift.konveyor.io/v1beta1/Plan": try JSONSchema(try load("forklift.konveyor.io/plan_v1beta1.json")),
            "forklift.konveyor.io/v1beta1/NetworkMap": try JSONSchema(
                try load("forklift.konveyor.io/networkmap_v1beta1.json")),
            "forklift.konveyor.io/v1beta1/StorageMap": try JSONSchema(
                try load("forklift.konveyor.io/storagemap_v1beta1.json")),
            "forklift.konveyor.io/v1beta1/Migration": try JSONSchema(
                try load("forklift.konveyor.io/migration_v1beta1.json")),
        ]
    }

    /// The schema for an object's `apiVersion` and `kind`, if shipped.
    /// - Parameters:
    ///   - apiVersion: The object's `apiVersion`.
    ///   - kind: Its `kind`.
    public func schema(apiVersion: String, kind: String) -> JSONSchema? { schemas["\(apiVersion)/\(kind)"] }
}
