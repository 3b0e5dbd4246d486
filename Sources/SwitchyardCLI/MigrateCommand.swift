import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardMigration

/// `switchyard migrate …`: the VMware → KubeVirt migration blueprint (discovery, waves, manifests, lint).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Plan a VMware → KubeVirt migration: discover groups and waves, write and lint the manifests, apply.",
        subcommands: [MigrateDiscover.self, MigratePlan.self, MigrateApply.self])
}

/// The inputs and discovery settings both subcommands take.
struct MigrateInputOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Inventory files or folders: govc vm.info -json output, RVTools vInfo/vNetwork/vDisk CSV, .vmx.")
    var inventory: [String] = []

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Flow files or folders: CSV src,dst,port,protocol,bytes,count or VPC flow logs.")
    var flows: [String] = []

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Usage CSV files (vm,cpu_p95_cores,memory_p95_mib) to right-size the targets.")
    var usage: [String] = []

    @Option(name: .long, help: "The most VMs in one wave.")
    var waveCap = 50

    @Option(name: .long, help: "Degree from which a VM is a shared service (default: max(50, VMs/10)).")
    var hubDegree: Int?

    @Option(name: .long, help: "Louvain resolution: above 1 finds smaller groups.")
    var resolution = 1.0

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "CLIENT:SERVER VM-name pairs whose link may cross waves (the client may move first).")
    var allowCrossWave: [String] = []

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "CHECK or CHECK:VM: let a critical pre-migration check pass (recorded in the plan as an override); "
                + "otherwise a VM with a critical concern blocks its wave."))
    var allowCritical: [String] = []

    @Flag(name: .long, help: "Print one JSON object for scripts.")
    var json = false

    /// The critical checks allowed, read from `--allow-critical`.
    func gate() throws -> CriticalGate { try CriticalGate(parsing: allowCritical) }

    /// The pre-migration concerns of every VM, and the gate checked against the estate.
    func concerns(_ d: Discovery) throws -> (CriticalGate, [PreMigrationConcern]) {
        let gate = try gate()
        try gate.validate(d.estate)
        return (gate, d.estate.vms.flatMap { PreMigrationChecks().check($0) })
    }

    func discover() throws -> Discovery {
        guard !inventory.isEmpty else {
            throw SwitchyardError(code: .invalidArguments, message: "give at least one --inventory PATH")
        }
        var allowed: [(client: String, server: String)] = []
        for pair in allowCrossWave {
            let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw SwitchyardError(
                    code: .invalidArguments,
                    message: "--allow-cross-wave \(String(reflecting: pair)) is not CLIENT:SERVER (two VM names)")
            }
            allowed.append((parts[0], parts[1]))
        }
        guard waveCap > 0 else {
            throw SwitchyardError(code: .invalidArguments, message: "--wave-cap must be at least 1")
        }
        guard resolution > 0 else {
            throw SwitchyardError(code: .invalidArguments, message: "--resolution must be above 0")
        }
        return try Discovery.run(
            inventory: inventory, flows: flows, usage: usage,
            options: .init(
                waveCap: waveCap, hubDegree: hubDegree, louvain: Louvain(resolution: resolution),
                allowedCrossWave: allowed))
    }
}

/// Writes `text` to `path`, with an error that names the file.
func writeText(_ text: String, to path: String) throws {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } catch {
        throw SwitchyardError(code: .writeFailed, message: "cannot write '\(path)': \(error.localizedDescription)")
    }
}
