import Foundation
import SwitchyardCore

/// The discovery step: inventories and flows in, estate, dependency graph, application groups and waves out.
public struct Discovery: Sendable {
    /// The estate.
    public var estate: Estate
    /// The aggregated flows.
    public var flows: FlowTable
    /// The dependency graph.
    public var graph: DependencyGraph
    /// The application groups.
    public var groups: ApplicationGroups
    /// The waves.
    public var waves: WavePlan
    /// Seconds spent per step (`parse`, `graph`, `groups`, `waves`).
    public var timings: [(step: String, seconds: Double)]

    /// Settings for discovery.
    public struct Options: Sendable {
        /// The most VMs per wave.
        public var waveCap: Int
        /// The degree from which a VM is a shared service (nil: `max(50, VMs / 10)`).
        public var hubDegree: Int?
        /// The Louvain settings.
        public var louvain: Louvain
        /// Client → server VM-name pairs allowed to span waves in the wrong order.
        public var allowedCrossWave: [(client: String, server: String)]

        /// Makes options.
        public init(
            waveCap: Int = 50, hubDegree: Int? = nil, louvain: Louvain = Louvain(),
            allowedCrossWave: [(client: String, server: String)] = []
        ) {
            self.waveCap = waveCap
            self.hubDegree = hubDegree
            self.louvain = louvain
            self.allowedCrossWave = allowedCrossWave
        }
    }

    /// Runs discovery on files.
    /// - Throws: the parsers' errors (file, line/row, column), `invalid_arguments` for an allowed link naming
    ///   an unknown VM.
    /// - Parameter usage: CSV files of observed p95 use per VM (see `UsageParser`), for right-sizing.
    public static func run(
        inventory: [String], flows: [String], usage: [String] = [], options: Options = Options()
    ) throws(SwitchyardError) -> Discovery {
        let clock = ContinuousClock()
        let start = clock.now
        var estate = try InventoryLoader.load(paths: inventory)
        for path in usage {
            estate = try UsageParser.apply(try InventoryLoader.readText(path), file: path, to: estate)
        }
        let book = AddressBook(estate)
        var tables: [FlowTable] = []
        for path in try InventoryLoader.expand(flows) {
            tables.append(try FlowParser.load(path: path, addresses: book))
        }
        let parsed = clock.now
        return try run(
            estate: estate, flows: FlowTable.merged(tables), options: options,
            parseSeconds: (parsed - start).inSeconds)
    }

    /// Runs the graph, grouping and wave steps on an estate and its flows.
    /// - Parameters:
    ///   - estate: the VMs.
    ///   - flows: the flows between them, already mapped to VMs.
    ///   - options: wave cap, shared-service degree, Louvain settings and allowed cross-wave links.
    ///   - parseSeconds: the time parsing took, for the timings.
    /// - Throws: `invalid_arguments` when an allowed cross-wave link names a VM that is not in the estate.
    public static func run(
        estate: Estate, flows: FlowTable, options: Options = Options(), parseSeconds: Double = 0
    )
        throws(SwitchyardError) -> Discovery
    {
        let clock = ContinuousClock()
        var allowed: Set<[Int]> = []
        for (client, server) in options.allowedCrossWave {
            guard let c = estate.index(of: client), let s = estate.index(of: server) else {
                throw SwitchyardError(
                    code: .invalidArguments,
                    message: "allowed cross-wave link \(client)->\(server) names a VM that is not in the inventory")
            }
            allowed.insert([c, s])
        }
        let t0 = clock.now
        let graph = DependencyGraph(vmCount: estate.count, flows: flows, hubDegree: options.hubDegree)
        let t1 = clock.now
        let names = estate.vms.map(\.name)
        let groups = ApplicationGroups(graph: graph, names: names, louvain: options.louvain)
        let t2 = clock.now
        let waves = WavePlanner(cap: options.waveCap, allowedCrossWave: allowed).plan(
            groups: groups, graph: graph, names: names)
        let t3 = clock.now
        return Discovery(
            estate: estate, flows: flows, graph: graph, groups: groups, waves: waves,
            timings: [
                ("parse", parseSeconds), ("graph", (t1 - t0).inSeconds), ("groups", (t2 - t1).inSeconds),
                ("waves", (t3 - t2).inSeconds),
            ])
    }

    /// The summary as JSON: estate counts, groups, waves with each VM's reason, cross-wave links.
    public var summary: JSONValue {
        let names = estate.vms.map(\.name)
        return [
            "estate": [
                "vms": .int(estate.count), "networks": .int(estate.networks.count),
                "flowRecords": .int(flows.records), "matchedRecords": .int(flows.matched),
                "externalRecords": .int(flows.external), "skippedRecords": .int(flows.skipped),
                "links": .int(flows.links.count),
                "sharedServices": .array(graph.isHub.indices.filter { graph.isHub[$0] }.map { .string(names[$0]) }),
            ],
            "modularity": .double(groups.modularity),
            "groups": .array(
                groups.groups.map { group in
                    [
                        "name": .string(group.name), "sharedService": .bool(group.isSharedService),
                        "vms": .array(group.members.map { .string(names[$0]) }),
                    ]
                }),
            "waves": .array(
                waves.waves.map { wave in
                    [
                        "wave": .int(wave.number),
                        "groups": .array(wave.groups.map { .string(groups.groups[$0].name) }),
                        "vms": .array(
                            wave.vms.map { vm in ["name": .string(names[vm]), "reason": .string(waves.reasons[vm])] }),
                    ]
                }),
            "crossWaveLinks": .array(
                waves.crossWaveLinks.map {
                    [
                        "client": .string(names[$0.client]), "server": .string(names[$0.server]),
                        "reason": .string($0.reason),
                    ]
                }),
            "timings": .object(
                Dictionary(uniqueKeysWithValues: timings.map { ($0.step, JSONValue.double($0.seconds)) })),
        ]
    }
}
