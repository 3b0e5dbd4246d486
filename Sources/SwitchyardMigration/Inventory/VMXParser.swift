import Foundation
import SwitchyardCore

/// VMware `.vmx` configuration files: one `key = "value"` per line, `#` comments, keys case-insensitive.
///
/// Facts from libvirt's VMX driver (`src/vmx/vmx.c`): `numvcpus` defaults to 1 when absent, `memsize` is in MB,
/// disks are `scsiX:Y.*`, `sataX:Y.*`, `nvmeX:Y.*`, `ideX:Y.*` with `.present`, `.fileName`, `.deviceType`,
/// `.mode`; NICs are `ethernetN.*` with `.networkName`, `.virtualDev`, `.generatedAddress`/`.address`.
public enum VMXParser {
    /// Parses one .vmx file.
    /// - Parameters:
    ///   - text: The .vmx file's content.
    ///   - file: Its path, for errors.
    /// - Throws: `invalid_inventory` naming the file, line and column of a line that is not `key = "value"`,
    ///   an unterminated quote, or a number that is not one.
    public static func parse(_ text: String, file: String) throws(SwitchyardError) -> SourceVM {
        var values: [String: (value: String, line: Int, column: Int)] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                throw ParseError.inventory(
                    file, line: lineNumber, column: line.distance(from: line.startIndex, to: trimmed.startIndex) + 1,
                    "expected `key = \"value\"`, got \(ParseError.quote(trimmed))")
            }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            guard !key.isEmpty else {
                throw ParseError.inventory(
                    file, line: lineNumber, column: line.distance(from: line.startIndex, to: eq) + 1,
                    "a line with no key before '='")
            }
            var rest = trimmed[trimmed.index(after: eq)...].drop(while: { $0 == " " || $0 == "\t" })
            let valueColumn = line.distance(from: line.startIndex, to: rest.startIndex) + 1
            var value: String
            if rest.hasPrefix("\"") {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else {
                    throw ParseError.inventory(
                        file, line: lineNumber, column: valueColumn,
                        "unterminated quoted value: add the closing '\"'")
                }
                value = String(rest[..<close])
                let after = rest[rest.index(after: close)...].trimmingCharacters(in: .whitespaces)
                if !after.isEmpty && !after.hasPrefix("#") {
                    throw ParseError.inventory(
                        file, line: lineNumber,
                        column: valueColumn + rest.distance(from: rest.startIndex, to: close) + 2,
                        "unexpected text after the quoted value: \(ParseError.quote(after))")
                }
            } else {
                value = rest.trimmingCharacters(in: .whitespaces)
            }
            value = value.replacingOccurrences(of: "|22", with: "\"").replacingOccurrences(of: "|7C", with: "|")
            values[key] = (value, lineNumber, valueColumn)
        }

        func string(_ key: String) -> String? { values[key].map(\.value).flatMap { $0.isEmpty ? nil : $0 } }
        func flag(_ key: String) -> Bool? { values[key].flatMap { parseFlag($0.value) } }
        func int(_ key: String, what: String) throws(SwitchyardError) -> Int? {
            guard let entry = values[key] else { return nil }
            guard let v = Int(entry.value.trimmingCharacters(in: .whitespaces)), v >= 0, v <= ParseError.maxNumber
            else {
                throw ParseError.inventory(
                    file, line: entry.line, column: entry.column,
                    "\(key) (\(what)) is \(ParseError.quote(entry.value)), not an integer from 0 to "
                        + "\(ParseError.maxNumber)")
            }
            return v
        }

        let baseName = (file as NSString).lastPathComponent.replacingOccurrences(of: ".vmx", with: "")
        let name = string("displayname") ?? baseName
        let cpus = try int("numvcpus", what: "virtual CPUs") ?? 1
        if cpus == 0, let entry = values["numvcpus"] {
            throw ParseError.inventory(file, line: entry.line, column: entry.column, "numvcpus must be at least 1")
        }
        var vm = SourceVM(
            name: name, uuid: string("uuid.bios"), cpus: cpus,
            coresPerSocket: try int("cpuid.corespersocket", what: "cores per socket"),
            memoryMiB: try int("memsize", what: "memory in MB") ?? 0,
            firmware: string("firmware")?.lowercased() ?? "bios", secureBoot: flag("uefi.secureboot.enabled") ?? false,
            tpm: flag("vtpm.present") ?? false, guestOS: string("guestos"), cpuHotAdd: flag("vcpu.hotadd") ?? false,
            memoryHotAdd: flag("mem.hotadd") ?? false, changedBlockTracking: flag("ctkenabled") ?? false,
            source: file)
        if let affinity = string("sched.cpu.affinity"), affinity.lowercased() != "all" {
            vm.cpuAffinity = affinity.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        vm.pciPassthroughCount =
            values.keys.filter { $0.hasPrefix("pcipassthru") && $0.hasSuffix(".present") }
            .filter { flag($0) == true }.count

        // Disks: <bus><n>:<unit>.fileName on a present, non-CD-ROM device.
        let diskKeys = values.keys.filter { key in
            key.hasSuffix(".filename")
                && ["scsi", "sata", "nvme", "ide"].contains(where: { key.hasPrefix($0) }) && key.contains(":")
        }.sorted()
        for key in diskKeys {
            let device = String(key.dropLast(".filename".count))
            if flag(device + ".present") == false { continue }
            let type = string(device + ".devicetype")?.lowercased() ?? ""
            let fileName = string(key) ?? ""
            if type.contains("cdrom") || fileName.lowercased().hasSuffix(".iso") { continue }
            vm.disks.append(
                SourceDisk(
                    label: device, capacityMiB: 0, fileName: fileName, mode: string(device + ".mode"),
                    sharing: string(device + ".sharing"),
                    raw: type.contains("rawdisk") || type.contains("passthru") || fileName.contains("-rdm")))
        }
        // NICs: ethernetN.* on a present adapter.
        let nicIDs = Set(
            values.keys.filter { $0.hasPrefix("ethernet") }.compactMap {
                $0.split(separator: ".").first.map(String.init)
            }
        ).sorted()
        for nic in nicIDs where flag(nic + ".present") != false {
            guard values[nic + ".present"] != nil || values[nic + ".networkname"] != nil else { continue }
            vm.nics.append(
                SourceNIC(
                    label: nic, network: string(nic + ".networkname") ?? "",
                    macAddress: string(nic + ".generatedaddress") ?? string(nic + ".address"),
                    model: string(nic + ".virtualdev")))
        }
        return vm
    }
}
