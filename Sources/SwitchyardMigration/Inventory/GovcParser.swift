import Foundation
import SwitchyardCore

/// govc `vm.info -json` output: `{"virtualMachines": [mo.VirtualMachine…]}`.
///
/// govc 0.31 and later write camelCase keys (`virtualMachines`, `config.hardware.numCPU`); older versions wrote
/// PascalCase (`VirtualMachines`, `Config.Hardware.NumCPU`). Keys are matched case-insensitively, so both work.
/// Devices carry no type field in this output; a device is a disk when it has `capacityInKB`/`capacityInBytes`
/// or a `.vmdk` backing file, a NIC when it has `macAddress`, a PCI passthrough device when its backing has
/// `vendorId`/`deviceId`, and a TPM when it has `endorsementKeyCertificate` (field names from govmomi's
/// vim25 types).
public enum GovcParser {
    /// Parses one govc output file.
    /// - Parameters:
    ///   - text: The output of `govc vm.info -json`.
    ///   - file: Its path, for errors.
    /// - Throws: `invalid_inventory` naming the file, line and column of malformed JSON or of a VM whose
    ///   required facts (name, CPU count, memory) are missing or of the wrong type.
    public static func parse(_ text: String, file: String) throws(SwitchyardError) -> [SourceVM] {
        let root: JSONValue
        do {
            root = try JSONValue(parsing: text)
        } catch {
            let (line, column, reason) = JSONLocator.syntaxError(in: text) ?? (1, 1, "not valid JSON")
            throw ParseError.inventory(file, line: line, column: column, "not valid JSON: \(reason)")
        }
        guard case .array(let list) = root.member("virtualMachines") ?? .null else {
            throw ParseError.inventory(
                file, line: 1, column: 1,
                "no 'virtualMachines' array: expected the output of `govc vm.info -json` (camelCase or PascalCase)")
        }
        let rootKey = root.memberKey("virtualMachines") ?? "virtualMachines"
        var vms: [SourceVM] = []
        for (index, entry) in list.enumerated() {
            vms.append(try parseVM(entry, path: [rootKey, String(index)], text: text, file: file))
        }
        return vms
    }

    private static func parseVM(
        _ vm: JSONValue, path: [String], text: String, file: String
    ) throws(SwitchyardError)
        -> SourceVM
    {
        func fail(_ sub: [String], _ message: String) -> SwitchyardError {
            let keys = actualKeys(vm, sub)
            let at = JSONLocator.locate(path + keys, in: text) ?? JSONLocator.locate(path, in: text) ?? (1, 1)
            return ParseError.inventory(file, line: at.line, column: at.column, message)
        }
        let config = vm.member("config")
        let hardware = config?.member("hardware")
        guard
            let name =
                (config?.member("name") ?? vm.member("name")
                ?? vm.member("summary")?.member("config")?
                .member("name"))?.stringValue, !name.isEmpty
        else { throw fail([], "VM \(path.last ?? "") has no name (config.name): is this full `-json` output?") }
        guard let hardware else { throw fail(["config"], "VM \(ParseError.quote(name)) has no config.hardware") }
        guard let cpus = hardware.member("numCPU")?.intValue, cpus > 0, cpus <= ParseError.maxNumber else {
            throw fail(
                ["config", "hardware", "numCPU"],
                "VM \(ParseError.quote(name)): config.hardware.numCPU must be a positive integer")
        }
        guard let memory = hardware.member("memoryMB")?.intValue, memory >= 0, memory <= ParseError.maxNumber else {
            throw fail(
                ["config", "hardware", "memoryMB"],
                "VM \(ParseError.quote(name)): config.hardware.memoryMB must be a non-negative integer")
        }
        var result = SourceVM(
            name: name, id: vm.member("self")?.member("value")?.stringValue,
            uuid: config?.member("uuid")?.stringValue, cpus: cpus,
            coresPerSocket: hardware.member("numCoresPerSocket")?.intValue, memoryMiB: memory,
            firmware: config?.member("firmware")?.stringValue?.lowercased(),
            secureBoot: config?.member("bootOptions")?.member("efiSecureBootEnabled")?.boolValue,
            guestOS: config?.member("guestId")?.stringValue ?? config?.member("guestFullName")?.stringValue,
            powerState: vm.member("runtime")?.member("powerState")?.stringValue,
            cpuHotAdd: config?.member("cpuHotAddEnabled")?.boolValue,
            memoryHotAdd: config?.member("memoryHotAddEnabled")?.boolValue,
            changedBlockTracking: config?.member("changeTrackingEnabled")?.boolValue,
            source: "\(file) virtualMachines[\(path.last ?? "")]")
        if case .array(let set) = config?.member("cpuAffinity")?.member("affinitySet") ?? .null {
            result.cpuAffinity = set.compactMap(\.intValue)
        }
        if let snapshot = vm.member("snapshot"), snapshot != .null {
            result.snapshotCount = countSnapshots(snapshot.member("rootSnapshotList") ?? .null)
        } else if vm.member("config") != nil {
            result.snapshotCount = 0
        }
        var pci = 0
        var tpm = false
        if case .array(let devices) = hardware.member("device") ?? .null {
            for device in devices {
                let backing = device.member("backing")
                let label = device.member("deviceInfo")?.member("label")?.stringValue
                if device.member("endorsementKeyCertificate") != nil
                    || device.member("endorsementKeyCertificateSigningRequest") != nil
                {
                    tpm = true
                } else if let mac = device.member("macAddress")?.stringValue {
                    let network =
                        backing?.member("deviceName")?.stringValue
                        ?? backing?.member("port")?.member("portgroupKey")?.stringValue
                        ?? backing?.member("opaqueNetworkId")?.stringValue ?? ""
                    result.nics.append(
                        SourceNIC(
                            label: label ?? "Network adapter \(result.nics.count + 1)", network: network,
                            macAddress: mac))
                } else if let kb = device.member("capacityInKB")?.intValue ?? device.member("capacityInBytes")?
                    .intValue.map({ $0 / 1024 })
                    ?? (backing?.member("fileName")?.stringValue?.lowercased().hasSuffix(".vmdk") == true ? 0 : nil)
                {
                    let raw = backing?.member("lunUuid") != nil || backing?.member("compatibilityMode") != nil
                    result.disks.append(
                        SourceDisk(
                            label: label ?? "Hard disk \(result.disks.count + 1)", capacityMiB: kb / 1024,
                            fileName: backing?.member("fileName")?.stringValue,
                            mode: backing?.member("diskMode")?.stringValue,
                            sharing: backing?.member("sharing")?.stringValue, raw: raw))
                } else if backing?.member("vendorId") != nil || backing?.member("deviceId") != nil
                    || backing?.member("allowedDevice") != nil
                {
                    pci += 1
                }
            }
            result.pciPassthroughCount = pci
            result.tpm = tpm
        }
        var ips: [String] = []
        if let ip = vm.member("guest")?.member("ipAddress")?.stringValue, !ip.isEmpty { ips.append(ip) }
        if case .array(let nets) = vm.member("guest")?.member("net") ?? .null {
            for net in nets {
                if case .array(let addresses) = net.member("ipAddress") ?? .null {
                    for a in addresses.compactMap(\.stringValue) where !ips.contains(a) { ips.append(a) }
                }
            }
        }
        result.ipAddresses = ips
        return result
    }

    private static func countSnapshots(_ list: JSONValue) -> Int {
        guard case .array(let items) = list else { return 0 }
        return items.reduce(items.count) { $0 + countSnapshots($1.member("childSnapshotList") ?? .null) }
    }

    /// The keys as spelled in the document along `sub` (for locating them).
    private static func actualKeys(_ value: JSONValue, _ sub: [String]) -> [String] {
        var current = value
        var keys: [String] = []
        for k in sub {
            guard let actual = current.memberKey(k), let next = current[actual] else { break }
            keys.append(actual)
            current = next
        }
        return keys
    }
}

extension JSONValue {
    /// The member called `name`, matched exactly first and then case-insensitively (camelCase vs PascalCase).
    func member(_ name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let v = members[name] { return v }
        return memberKey(name).flatMap { members[$0] }
    }

    /// The key as spelled in this object that matches `name` case-insensitively.
    func memberKey(_ name: String) -> String? {
        guard case .object(let members) = self else { return nil }
        if members[name] != nil { return name }
        let lower = name.lowercased()
        return members.keys.sorted().first { $0.lowercased() == lower }
    }
}
