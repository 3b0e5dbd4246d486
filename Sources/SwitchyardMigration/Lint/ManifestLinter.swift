import SwitchyardCore

/// Checks emitted manifests against the shipped schemas and Kubernetes' naming rules.
///
/// Each `VirtualMachine`'s `dataVolumeTemplates` are also checked as standalone CDI `DataVolume`s.
public struct ManifestLinter: Sendable {
    let schemas: ManifestSchemas

    /// Makes a linter with the shipped schemas.
    /// - Throws: what `ManifestSchemas.shipped()` throws.
    public init() throws(SwitchyardError) { schemas = try ManifestSchemas.shipped() }

    /// Every schema and naming problem in `manifests`.
    /// - Parameter manifests: The manifests to check.
    public func lint(_ manifests: [Manifest]) -> [LintFinding] {
        manifests.flatMap(lint)
    }

    /// Every schema and naming problem in one manifest.
    /// - Parameter manifest: The manifest to check.
    public func lint(_ manifest: Manifest) -> [LintFinding] {
        var findings: [LintFinding] = []
        let object = "\(manifest.path)#\(manifest.reference)"
        func add(_ rule: String, _ pointer: String, _ message: String, _ fix: String) {
            findings.append(
                LintFinding(rule: rule, object: object, pointer: pointer, message: message, fix: fix, severity: .error))
        }
        let apiVersion = manifest.object["apiVersion"]?.stringValue ?? ""
        let kind = manifest.kind
        guard let schema = schemas.schema(apiVersion: apiVersion, kind: kind) else {
            add(
                "schema.unknown-kind", "",
                "no schema for apiVersion \(String(reflecting: apiVersion)) kind "
                    + "\(String(reflecting: kind))", "emit only \(schemas.kinds.joined(separator: ", "))")
            return findings
        }
        for error in schema.validate(manifest.object) {
            add(
                "schema", error.instanceLocation, error.message,
                "make \(error.instanceLocation.isEmpty ? "the object" : error.instanceLocation) match the "
                    + "\(apiVersion) \(kind) schema (\(error.keywordLocation))")
        }
        checkMetadata(manifest.object["metadata"], at: "/metadata", kind: kind, add: add)
        if kind == "VirtualMachine",
            case .array(let templates) = manifest.object["spec"]?["dataVolumeTemplates"] ?? .null,
            let dvSchema = schemas.schema(apiVersion: "cdi.kubevirt.io/v1beta1", kind: "DataVolume")
        {
            for (i, template) in templates.enumerated() {
                let standalone: JSONValue = [
                    "apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "DataVolume",
                    "metadata": template["metadata"] ?? [:], "spec": template["spec"] ?? .null,
                ]
                for error in dvSchema.validate(standalone) {
                    let pointer = "/spec/dataVolumeTemplates/\(i)" + error.instanceLocation
                    add(
                        "schema.datavolume", pointer, error.message,
                        "make the DataVolume template match the CDI v1beta1 DataVolume schema (\(error.keywordLocation))"
                    )
                }
                checkMetadata(
                    template["metadata"], at: "/spec/dataVolumeTemplates/\(i)/metadata", kind: "DataVolume",
                    add: add)
                checkVDDK(template["spec"]?["source"]?["vddk"], at: "/spec/dataVolumeTemplates/\(i)", add: add)
            }
        }
        if kind == "NetworkAttachmentDefinition", let config = manifest.object["spec"]?["config"]?.stringValue {
            if let parsed = try? JSONValue(parsing: config) {
                for key in ["cniVersion", "type"] where parsed[key]?.stringValue == nil {
                    add("nad.config", "/spec/config", "the CNI config has no \(key)", "add \"\(key)\" to spec.config")
                }
            } else {
                add("nad.config", "/spec/config", "spec.config is not JSON", "write the CNI config as a JSON string")
            }
        }
        return findings
    }

    /// CDI's VDDK importer finds the disk in vCenter by the VM's UUID and the disk's backing file: without either
    /// the import cannot start, so the template is an error, not a disk that silently arrives blank.
    private func checkVDDK(_ vddk: JSONValue?, at pointer: String, add: (String, String, String, String) -> Void) {
        guard let vddk else { return }
        let fixes = [
            "url": "pass the vCenter SDK URL (--vddk-url, or vddk.url in the workflow input)",
            "secretRef": "name the Secret holding the vCenter credentials (vddk.secret)",
            "uuid":
                "give the VM's BIOS UUID in the inventory (govc config.uuid, RVTools 'VM UUID', .vmx uuid.bios), "
                + "or drop the VDDK settings to create blank disks",
            "backingFile":
                "give the disk's backing file in the inventory (govc backing.fileName, RVTools vDisk 'Path', "
                + ".vmx scsiX:Y.fileName)",
        ]
        for key in ["url", "secretRef", "uuid", "backingFile"] where (vddk[key]?.stringValue ?? "").isEmpty {
            add(
                "datavolume.vddk", pointer + "/spec/source/vddk",
                "the VDDK import has no \(key): CDI cannot find the source disk in vCenter", fixes[key]!)
        }
        if let file = vddk["backingFile"]?.stringValue, !file.isEmpty, !ManifestLinter.isDatastorePath(file) {
            add(
                "datavolume.vddk", pointer + "/spec/source/vddk/backingFile",
                "the VDDK import's backingFile \(String(reflecting: file)) is not a datastore path: CDI cannot find "
                    + "the source disk in vCenter",
                "give the disk as '[datastore] folder/file.vmdk' (govc backing.fileName or RVTools vDisk 'Path'; a "
                    + ".vmx names disks relative to its own folder)")
        }
    }

    private func checkMetadata(
        _ metadata: JSONValue?, at pointer: String, kind: String, add: (String, String, String, String) -> Void
    ) {
        guard let name = metadata?["name"]?.stringValue else {
            add("metadata.name", pointer + "/name", "no metadata.name", "give the object a name")
            return
        }
        if !RFC1123.isValid(name) {
            add(
                "metadata.name", pointer + "/name", "\(String(reflecting: name)) is not an RFC 1123 label",
                "use lower-case alphanumerics and '-', at most 63 characters: \(String(reflecting: RFC1123.label(name)))"
            )
        }
        if let ns = metadata?["namespace"]?.stringValue, !RFC1123.isValid(ns) {
            add(
                "metadata.namespace", pointer + "/namespace", "\(String(reflecting: ns)) is not a valid namespace",
                "use \(String(reflecting: RFC1123.label(ns)))")
        }
        if case .object(let labels) = metadata?["labels"] ?? .null {
            for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
                let v = value.stringValue ?? ""
                if !ManifestLinter.isLabelKey(key) || !ManifestLinter.isLabelValue(v) {
                    add(
                        "metadata.labels", pointer + "/labels/" + JSONPointer.escape(key),
                        "label \(String(reflecting: key))=\(String(reflecting: v)) is not a valid Kubernetes label",
                        "keys are [prefix/]name, values at most 63 of [A-Za-z0-9_.-] starting and ending alphanumeric")
                }
            }
        }
    }

    /// `[datastore] folder/file.vmdk`, the form vSphere and CDI's VDDK importer name a disk by.
    static func isDatastorePath(_ file: String) -> Bool {
        guard file.hasPrefix("["), let close = file.firstIndex(of: "]"), close > file.index(after: file.startIndex)
        else { return false }
        let rest = file[file.index(after: close)...]
        return rest.hasPrefix(" ") && rest.count > 1
    }

    static func isLabelValue(_ v: String) -> Bool {
        if v.isEmpty { return true }
        guard v.utf8.count <= 63 else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) }
        let bytes = Array(v.utf8)
        return alnum(bytes.first!) && alnum(bytes.last!)
            && bytes.allSatisfy { alnum($0) || $0 == 45 || $0 == 46 || $0 == 95 }
    }

    static func isLabelKey(_ k: String) -> Bool {
        let parts = k.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.last, !name.isEmpty, isLabelValue(String(name)) else { return false }
        if parts.count == 2 {
            let prefix = parts[0]
            guard !prefix.isEmpty, prefix.utf8.count <= 253 else { return false }
            return prefix.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                RFC1123.isValid(String($0))
            }
        }
        return true
    }
}
