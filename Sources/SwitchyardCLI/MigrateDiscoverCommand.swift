import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardMigration

/// `switchyard migrate discover`: the estate, its application groups and the migration waves.
struct MigrateDiscover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Read inventories and flows; print the estate, the application groups and the waves.",
        discussion: """
            Groups are communities (Louvain) of the traffic graph; VMs that talk to a large share of the estate \
            are shared services and move first. Waves never move a VM before one it depends on unless \
            --allow-cross-wave says so. Exit status 0, or 2 when an input cannot be read or parsed (the error \
            names file, line and column). With --json, prints one object: estate, modularity, groups, waves \
            (each VM with its reason, blocked, blockedVMs), crossWaveLinks, blocked (VMs held back by a \
            critical pre-migration check, with the check and the fix), allowedCritical, timings. A VM with a \
            critical concern blocks its wave unless --allow-critical CHECK[:VM] allows it.
            """)

    @OptionGroup var input: MigrateInputOptions

    @Option(name: .long, help: "Write a Graphviz file of the VMs, groups and links.")
    var dot: String?

    @Option(name: .long, help: "Write an SVG of the groups, coloured by wave.")
    var svg: String?

    func run() throws {
        do {
            let d = try input.discover()
            let (gate, concerns) = try input.concerns(d)
            if let dot { try writeText(GraphExport.dot(d), to: dot) }
            if let svg { try writeText(GraphExport.svg(d), to: svg) }
            if input.json {
                Output.json(gate.annotate(d.summary, concerns: concerns, discovery: d))
            } else {
                MigrateDiscover.printHuman(d)
                MigrateDiscover.printBlocked(gate, concerns, d)
            }
        } catch {
            throw Output.fail(error, json: input.json)
        }
    }

    /// The VMs held back by critical checks and the overrides, for a person.
    static func printBlocked(_ gate: CriticalGate, _ concerns: [PreMigrationConcern], _ d: Discovery) {
        let blocked = gate.blockedVMs(concerns, estate: d.estate, waves: d.waves)
        if !blocked.isEmpty {
            Output.line("blocked (a critical pre-migration check fails; the wave does not go until it is fixed):")
            for vm in blocked {
                for concern in vm.concerns {
                    Output.line(
                        "  wave \(vm.wave): \(vm.vm): \(concern.id) (\(concern.label)); fix: \(concern.assessment); "
                            + "or --allow-critical \(concern.id):\(vm.vm)")
                }
            }
        }
        for concern in gate.overridden(concerns) {
            Output.line("allowed by --allow-critical: \(concern.vm): \(concern.id) (\(concern.label))")
        }
    }

    static func printHuman(_ d: Discovery) {
        let names = d.estate.vms.map(\.name)
        let f = d.flows
        Output.line(
            "estate: \(d.estate.count) VMs, \(d.estate.networks.count) networks; \(f.records) flow records "
                + "(\(f.matched) between VMs, \(f.external) external, \(f.skipped) skipped), \(f.links.count) links")
        let hubs = d.graph.isHub.indices.filter { d.graph.isHub[$0] }.map { names[$0] }
        if !hubs.isEmpty { Output.line("shared services: \(hubs.joined(separator: ", "))") }
        Output.line(
            "groups: \(d.groups.groups.count) (modularity \(String(format: "%.4f", d.groups.modularity)))")
        for wave in d.waves.waves {
            let groupNames = wave.groups.map { d.groups.groups[$0].name }
            let listed =
                groupNames.prefix(12).joined(separator: ", ")
                + (groupNames.count > 12 ? ", … (\(groupNames.count) groups; --json lists all)" : "")
            Output.line("wave \(wave.number) (\(wave.vms.count) VMs): \(listed)")
            // One line per group and reason (a split group's parts have their own reason).
            var seen: [String: [Int]] = [:]
            var order: [String] = []
            for vm in wave.vms {
                let key = "\(d.groups.groups[d.groups.groupOf[vm]].name)\u{0}\(d.waves.reasons[vm])"
                if seen[key] == nil { order.append(key) }
                seen[key, default: []].append(vm)
            }
            for key in order {
                let vms = seen[key]!
                let reason = key.split(separator: "\u{0}", maxSplits: 1).last.map(String.init) ?? ""
                let listed = vms.prefix(6).map { names[$0] }.joined(separator: ", ") + (vms.count > 6 ? ", …" : "")
                Output.line("  \(listed): \(reason)")
            }
        }
        if !d.waves.crossWaveLinks.isEmpty {
            Output.line("cross-wave links (client moves before its server):")
            for link in d.waves.crossWaveLinks {
                Output.line("  \(names[link.client]) -> \(names[link.server]): \(link.reason)")
            }
        }
    }
}
