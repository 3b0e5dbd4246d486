import Foundation
import SwitchyardCore

/// RVTools CSV exports (`RVTools_tabvInfo.csv`, `RVTools_tabvNetwork.csv`, `RVTools_tabvDisk.csv`).
///
/// Column names follow RVTools 4.x (`Total disk capacity MiB`, `Capacity MiB`); older exports say `MB`, and
/// both are accepted (RVTools' MB columns hold mebibytes too). The sheet is recognised by its columns, so
/// renamed files work.
public enum RVToolsParser {
    /// Which RVTools sheet a CSV file holds.
    public enum Sheet: String, Sendable {
        case vInfo, vNetwork, vDisk
    }

    /// The sheet a header belongs to, or nil when it is none of the three.
    static func sheet(of table: CSVTable) -> Sheet? {
        if table.column("CPUs") != nil && table.column("Memory") != nil { return .vInfo }
        if table.column("Capacity MiB", "Capacity MB") != nil && table.column("Disk") != nil { return .vDisk }
        if table.column("Network") != nil && table.column("Mac Address", "NIC label", "Adapter") != nil {
            return .vNetwork
        }
        return nil
    }

    /// Parses the given sheets (any subset, any order) and joins them by VM name: vInfo gives the VMs, vDisk
    /// and vNetwork give their disks and NICs.
    /// - Parameter files: `(path, text)` of each CSV file.
    /// - Throws: `invalid_inventory` naming the file, row and column of a malformed value, or a vDisk/vNetwork
    ///   row whose VM is in no vInfo row when a vInfo sheet was given.
    public static func parse(files: [(path: String, text: String)]) throws(SwitchyardError) -> [SourceVM] {
        var infos: [(CSVTable)] = []
        var disks: [String: [SourceDisk]] = [:]
        var nics: [String: [SourceNIC]] = [:]
        var nicIPs: [String: [String]] = [:]
        var orphanRows: [(String, CSVTable, Int)] = []
        for (path, text) in files {
            let table = try CSVTable(parsing: text, file: path)
            switch sheet(of: table) {
            case .vInfo: infos.append(table)
            case .vDisk:
                let vm = try table.requireColumn("VM")
                let label = try table.requireColumn("Disk", "Label")
                let capacity = try table.requireColumn("Capacity MiB", "Capacity MB")
                let raw = table.column("Raw")
                let mode = table.column("Disk Mode")
                let sharing = table.column("Sharing mode")
                let path = table.column("Path")
                for row in table.rows.indices {
                    let name = table.field(row, vm)
                    guard !name.isEmpty else { throw emptyVM(table, row, vm) }
                    let disk = SourceDisk(
                        label: table.field(row, label),
                        capacityMiB: try table.int(row, capacity, what: "disk capacity"),
                        fileName: nonEmpty(table.field(row, path)), mode: nonEmpty(table.field(row, mode)),
                        sharing: nonEmpty(table.field(row, sharing)), raw: parseFlag(table.field(row, raw)) ?? false)
                    disks[name, default: []].append(disk)
                    orphanRows.append((name, table, row))
                }
            case .vNetwork:
                let vm = try table.requireColumn("VM")
                let label = table.column("NIC label", "Adapter")
                let network = try table.requireColumn("Network")
                let mac = table.column("Mac Address")
                let adapter = table.column("Adapter")
                let ipv4 = table.column("IPv4 Address", "IP Address")
                for row in table.rows.indices {
                    let name = table.field(row, vm)
                    guard !name.isEmpty else { throw emptyVM(table, row, vm) }
                    nics[name, default: []].append(
                        SourceNIC(
                            label: table.field(row, label), network: table.field(row, network),
                            macAddress: nonEmpty(table.field(row, mac)), model: nonEmpty(table.field(row, adapter))))
                    let ips = table.field(row, ipv4).split(whereSeparator: { $0 == "," || $0 == " " })
                    nicIPs[name, default: []].append(contentsOf: ips.map(String.init))
                    orphanRows.append((name, table, row))
                }
            case nil:
                throw ParseError.inventory(
                    path, line: 1,
                    "not an RVTools vInfo, vNetwork or vDisk sheet: the header has none of 'CPUs'+'Memory', "
                        + "'Disk'+'Capacity MiB', 'Network'+'Mac Address'")
            }
        }
        var vms: [SourceVM] = []
        for table in infos {
            vms += try parseInfo(table)
        }
        if infos.isEmpty {
            // Only disk/network sheets: VMs with what those say and nothing else known.
            let names = Set(disks.keys).union(nics.keys).sorted()
            vms = names.map { SourceVM(name: $0, source: "RVTools vDisk/vNetwork") }
        } else {
            let known = Set(vms.map(\.name))
            if let (name, table, row) = orphanRows.first(where: { !known.contains($0.0) }) {
                throw ParseError.inventory(
                    table.file, line: table.lines[row], column: (table.column("VM") ?? 0) + 1,
                    "VM \(ParseError.quote(name)) is in no vInfo row: export all sheets from the same run")
            }
        }
        for i in vms.indices {
            if let d = disks[vms[i].name] { vms[i].disks = d }
            if let n = nics[vms[i].name] { vms[i].nics = n }
            for ip in nicIPs[vms[i].name] ?? [] where !vms[i].ipAddresses.contains(ip) {
                vms[i].ipAddresses.append(ip)
            }
        }
        return vms
    }

    private static func parseInfo(_ table: CSVTable) throws(SwitchyardError) -> [SourceVM] {
        let vm = try table.requireColumn("VM")
        let cpus = try table.requireColumn("CPUs")
        let memory = try table.requireColumn("Memory")
        let capacity = table.column(
            "Total disk capacity MiB", "Total disk capacity MB", "Provisioned MiB",
            "Provisioned MB")
        let template = table.column("Template")
        let power = table.column("Powerstate")
        let firmware = table.column("Firmware")
        let primaryIP = table.column("Primary IP Address")
        let osConfig = table.column("OS according to the configuration file")
        let osTools = table.column("OS according to the VMware Tools")
        let id = table.column("VM ID")
        let uuid = table.column("VM UUID")
        let cbt = table.column("CBT")
        let cores = table.column("Cores p/s")
        let networkColumns = (1...8).compactMap { table.column("Network #\($0)") }
        var result: [SourceVM] = []
        for row in table.rows.indices {
            let name = table.field(row, vm)
            guard !name.isEmpty else { throw emptyVM(table, row, vm) }
            if parseFlag(table.field(row, template)) == true { continue }
            let cpuCount = try table.int(row, cpus, what: "CPU count")
            guard cpuCount > 0 else {
                throw ParseError.inventory(
                    table.file, line: table.lines[row], column: cpus + 1, "CPU count must be at least 1")
            }
            var record = SourceVM(
                name: name, id: nonEmpty(table.field(row, id)), uuid: nonEmpty(table.field(row, uuid)),
                cpus: cpuCount, coresPerSocket: try table.optionalInt(row, cores, what: "cores per socket"),
                memoryMiB: try table.int(row, memory, what: "memory"),
                firmware: nonEmpty(table.field(row, firmware).lowercased()),
                guestOS: nonEmpty(table.field(row, osConfig)) ?? nonEmpty(table.field(row, osTools)),
                powerState: nonEmpty(table.field(row, power)),
                changedBlockTracking: parseFlag(table.field(row, cbt)),
                source: "\(table.file) row \(table.lines[row])")
            if let ip = nonEmpty(table.field(row, primaryIP)) { record.ipAddresses = [ip] }
            let total = try table.optionalInt(row, capacity, what: "disk capacity")
            if let total, total > 0 {
                record.disks = [SourceDisk(label: "Hard disk 1", capacityMiB: total)]
            }
            record.nics = networkColumns.enumerated().compactMap { index, column in
                nonEmpty(table.field(row, column)).map { SourceNIC(label: "Network adapter \(index + 1)", network: $0) }
            }
            result.append(record)
        }
        return result
    }

    private static func emptyVM(_ table: CSVTable, _ row: Int, _ column: Int) -> SwitchyardError {
        ParseError.inventory(
            table.file, line: table.lines[row], column: column + 1, "the VM name is empty: every row needs a VM")
    }
}

func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }
