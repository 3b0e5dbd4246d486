import Foundation
import SwitchyardCore

/// Observed usage for right-sizing: a CSV with one row per VM, `vm,cpu_p95_cores,memory_p95_mib` (either
/// usage column may be absent or blank; `name`, `p95_cpu_cores`, `p95_memory_mib` are accepted too).
public enum UsageParser {
    /// Applies the usage in `text` to `estate`.
    /// - Parameters:
    ///   - text: The usage CSV.
    ///   - file: Its path, for errors.
    ///   - estate: The estate the usage is about.
    /// - Throws: `invalid_inventory` naming the file, row and column of a malformed number, a VM that is not in
    ///   the estate, or a header without the VM column.
    public static func apply(_ text: String, file: String, to estate: Estate) throws(SwitchyardError) -> Estate {
        let table = try CSVTable(parsing: text, file: file)
        let vmColumn = try table.requireColumn("vm", "name")
        let cpu = table.column("cpu_p95_cores", "p95_cpu_cores", "cpu_p95")
        let memory = table.column("memory_p95_mib", "p95_memory_mib", "mem_p95_mib")
        guard cpu != nil || memory != nil else {
            throw ParseError.inventory(file, line: 1, "no usage column: add cpu_p95_cores and/or memory_p95_mib")
        }
        var vms = estate.vms
        for row in table.rows.indices {
            let name = table.field(row, vmColumn)
            guard let index = estate.index(of: name) else {
                throw ParseError.inventory(
                    file, line: table.lines[row], column: vmColumn + 1,
                    "VM \(ParseError.quote(name)) is not in the inventory: use the inventory's VM names")
            }
            if let cpu, !table.field(row, cpu).isEmpty {
                guard let value = Double(table.field(row, cpu)), value.isFinite, value >= 0,
                    value <= Double(ParseError.maxNumber)
                else {
                    throw ParseError.inventory(
                        file, line: table.lines[row], column: cpu + 1,
                        "p95 CPU is \(ParseError.quote(table.field(row, cpu))), not a non-negative number of cores")
                }
                vms[index].p95CPUCores = value
            }
            vms[index].p95MemoryMiB = try table.optionalInt(row, memory, what: "p95 memory") ?? vms[index].p95MemoryMiB
        }
        return Estate(vms)
    }
}
