/// Migration waves: which VMs move together, in what order, and why.
public struct WavePlan: Sendable, Codable {
    /// One wave.
    public struct Wave: Sendable, Hashable, Codable {
        /// 1-based wave number.
        public var number: Int
        /// Member VM indices, ascending.
        public var vms: [Int]
        /// The groups (indices) that have members in this wave.
        public var groups: [Int]
    }

    /// A link whose client moves before its server: allowed by the user, or inside an oversized group (or
    /// cycle of groups) that had to be split. Links whose client is a shared service are never listed.
    public struct CrossWaveLink: Sendable, Hashable, Codable {
        /// The client VM index.
        public var client: Int
        /// The server VM index.
        public var server: Int
        /// Why the link could not be respected.
        public var reason: String
    }

    /// The waves, in order.
    public var waves: [Wave]
    /// `waveOf[vm]` is the VM's wave number (1-based).
    public var waveOf: [Int]
    /// Why each VM is in its wave, for a person.
    public var reasons: [String]
    /// Links where the client moves in an earlier wave than its server.
    public var crossWaveLinks: [CrossWaveLink]
    /// The cap used.
    public var cap: Int
}

/// Orders application groups into waves.
///
/// 1. Group dependencies: group A depends on group B when a VM of A is the client of a VM of B (shared-service
///    clients and links the user allows across waves are ignored).
/// 2. Groups in a dependency cycle (a strongly connected component, Tarjan's algorithm) form one unit; a unit
///    over the cap is split, servers first (post-order of its own dependency graph), and the links that then
///    point backwards are reported.
/// 3. Units are taken in topological order (Kahn's algorithm, smallest unit first among the ready ones); each
///    goes to the first wave that is no earlier than any wave it depends on and has room under the cap.
///
/// So a VM never moves before a VM it depends on, except for the reported cross-wave links.
public struct WavePlanner: Sendable {
    /// The most VMs in one wave.
    public var cap: Int
    /// Client → server VM-index pairs the user allows to span waves in the wrong order.
    public var allowedCrossWave: Set<[Int]>

    /// Makes a planner.
    /// - Parameters:
    ///   - cap: The most VMs in one wave.
    ///   - allowedCrossWave: Client → server VM-index pairs the user allows to span waves in the wrong order.
    public init(cap: Int, allowedCrossWave: Set<[Int]> = []) {
        self.cap = max(1, cap)
        self.allowedCrossWave = allowedCrossWave
    }

    /// Plans the waves.
    /// - Parameters:
    ///   - groups: The application groups.
    ///   - graph: The dependency graph.
    ///   - names: The VMs' names, for messages.
    public func plan(groups: ApplicationGroups, graph: DependencyGraph, names: [String]) -> WavePlan {
        let groupCount = groups.groups.count
        let vmCount = groups.groupOf.count
        // 1. Group dependency edges.
        var dependsOn = [Set<Int>](repeating: [], count: groupCount)
        var orderingLinks: [FlowTable.Link] = []
        for link in graph.links where graph.isOrdering(link) && !allowedCrossWave.contains([link.client, link.server]) {
            orderingLinks.append(link)
            let a = groups.groupOf[link.client]
            let b = groups.groupOf[link.server]
            if a != b { dependsOn[a].insert(b) }
        }
        // 2. Strongly connected components over groups.
        let component = WavePlanner.stronglyConnected(dependsOn)
        let unitCount = (component.max() ?? -1) + 1
        var unitGroups = [[Int]](repeating: [], count: unitCount)
        for g in 0..<groupCount { unitGroups[component[g]].append(g) }
        var unitDeps = [Set<Int>](repeating: [], count: unitCount)
        for a in 0..<groupCount {
            for b in dependsOn[a] where component[a] != component[b] { unitDeps[component[a]].insert(component[b]) }
        }
        // Intra-unit VM order for units that must be split: servers first.
        var waveOf = [Int](repeating: 0, count: vmCount)
        var reasons = [String](repeating: "", count: vmCount)
        var load: [Int] = []
        // 3. Kahn's algorithm, smallest ready unit first (units are numbered by their first group).
        var remaining = unitDeps.map(\.count)
        var dependents = [[Int]](repeating: [], count: unitCount)
        for u in 0..<unitCount { for d in unitDeps[u] { dependents[d].append(u) } }
        var ready = Heap<Int>()
        for u in 0..<unitCount where remaining[u] == 0 { ready.insert(u) }
        var unitWaves = [[Int]](repeating: [], count: unitCount)
        while let u = ready.popMin() {
            let members = unitGroups[u].flatMap { groups.groups[$0].members }.sorted()
            let lowest = unitDeps[u].map { unitWaves[$0].max() ?? 1 }.max() ?? 1
            let depNames = unitDeps[u].flatMap { unitGroups[$0] }.sorted().map { groups.groups[$0].name }
            let unitName = unitGroups[u].map { groups.groups[$0].name }.joined(separator: "+")
            let depText =
                depNames.isEmpty
                ? "depends on no other group"
                : "depends on \(WavePlanner.list(depNames)) (latest in wave \(lowest))"
            if members.count <= cap {
                var w = lowest
                while w - 1 < load.count && load[w - 1] + members.count > cap { w += 1 }
                while load.count < w { load.append(0) }
                load[w - 1] += members.count
                unitWaves[u] = [w]
                let shared = unitGroups[u].count == 1 && groups.groups[unitGroups[u][0]].isSharedService
                let what =
                    shared
                    ? "shared service \(unitName), used by many VMs"
                    : unitGroups[u].count > 1
                        ? "groups \(unitName) depend on each other and move together (\(members.count) VMs)"
                        : "group \(unitName) moves together (\(members.count) VM\(members.count == 1 ? "" : "s"))"
                let whereText =
                    w == lowest
                    ? "wave \(w) is the earliest allowed"
                    : w - 1 == lowest
                        ? "wave \(lowest) is full (cap \(cap))"
                        : "waves \(lowest)–\(w - 1) are full (cap \(cap))"
                for vm in members { reasons[vm] = "\(what); \(depText); \(whereText)" }
                for vm in members { waveOf[vm] = w }
            } else {
                let order = WavePlanner.serversFirst(
                    members, links: orderingLinks, groupOf: groups.groupOf, unit: u,
                    component: component)
                var w = lowest
                var index = 0
                var used: [Int] = []
                while index < order.count {
                    while load.count < w { load.append(0) }
                    let room = cap - load[w - 1]
                    if room <= 0 {
                        w += 1
                        continue
                    }
                    let chunk = order[index..<min(order.count, index + room)]
                    for vm in chunk {
                        waveOf[vm] = w
                        reasons[vm] =
                            "group \(unitName) has \(members.count) VMs, over the cap of \(cap): split across waves, "
                            + "servers first; \(depText); this part in wave \(w)"
                    }
                    load[w - 1] += chunk.count
                    used.append(w)
                    index += chunk.count
                    w += 1
                }
                unitWaves[u] = used
            }
            for d in dependents[u] {
                remaining[d] -= 1
                if remaining[d] == 0 { ready.insert(d) }
            }
        }
        var waves = (0..<load.count).map { WavePlan.Wave(number: $0 + 1, vms: [], groups: []) }
        for vm in 0..<vmCount { waves[waveOf[vm] - 1].vms.append(vm) }
        for i in waves.indices { waves[i].groups = Array(Set(waves[i].vms.map { groups.groupOf[$0] })).sorted() }
        waves.removeAll { $0.vms.isEmpty }
        var cross: [WavePlan.CrossWaveLink] = []
        // Links whose client is a shared service are not constraints and not listed (a monitor scrapes all).
        for link in graph.links where waveOf[link.client] < waveOf[link.server] && graph.isOrdering(link) {
            let reason: String
            if allowedCrossWave.contains([link.client, link.server]) {
                reason = "allowed by the user"
            } else {
                reason = "inside group \(groups.groups[groups.groupOf[link.client]].name), which is over the cap"
            }
            cross.append(.init(client: link.client, server: link.server, reason: reason))
        }
        return WavePlan(waves: waves, waveOf: waveOf, reasons: reasons, crossWaveLinks: cross, cap: cap)
    }

    static func list(_ names: [String]) -> String {
        names.count <= 4
            ? names.joined(separator: ", ") : names.prefix(4).joined(separator: ", ") + " and \(names.count - 4) more"
    }

    /// Members of a unit ordered so that servers come before their clients where the unit's own links allow
    /// (iterative depth-first post-order on client → server edges, from the smallest index).
    static func serversFirst(
        _ members: [Int], links: [FlowTable.Link], groupOf: [Int], unit: Int, component: [Int]
    ) -> [Int] {
        let inUnit = Set(members)
        var out: [Int: [Int]] = [:]
        for link in links where inUnit.contains(link.client) && inUnit.contains(link.server) {
            out[link.client, default: []].append(link.server)
        }
        var visited: Set<Int> = []
        var order: [Int] = []
        for start in members where !visited.contains(start) {
            var stack: [(Int, Int)] = [(start, 0)]
            visited.insert(start)
            while let (node, next) = stack.last {
                let targets = out[node] ?? []
                if next < targets.count {
                    stack[stack.count - 1].1 += 1
                    let t = targets[next]
                    if !visited.contains(t) {
                        visited.insert(t)
                        stack.append((t, 0))
                    }
                } else {
                    order.append(node)
                    stack.removeLast()
                }
            }
        }
        return order
    }

    /// Tarjan's strongly connected components (iterative); components are numbered in order of their smallest
    /// member.
    static func stronglyConnected(_ edges: [Set<Int>]) -> [Int] {
        let n = edges.count
        let adjacency = edges.map { $0.sorted() }
        var index = [Int](repeating: -1, count: n)
        var low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var component = [Int](repeating: -1, count: n)
        var counter = 0
        var componentCount = 0
        for root in 0..<n where index[root] < 0 {
            var call: [(Int, Int)] = [(root, 0)]
            index[root] = counter
            low[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let (v, i) = call.last {
                if i < adjacency[v].count {
                    call[call.count - 1].1 += 1
                    let w = adjacency[v][i]
                    if index[w] < 0 {
                        index[w] = counter
                        low[w] = counter
                        counter += 1
                        stack.append(w)
                        onStack[w] = true
                        call.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    call.removeLast()
                    if let (parent, _) = call.last { low[parent] = min(low[parent], low[v]) }
                    if low[v] == index[v] {
                        while true {
                            let w = stack.removeLast()
                            onStack[w] = false
                            component[w] = componentCount
                            if w == v { break }
                        }
                        componentCount += 1
                    }
                }
            }
        }
        // Renumber by smallest member.
        var first = [Int](repeating: Int.max, count: componentCount)
        for v in 0..<n { first[component[v]] = min(first[component[v]], v) }
        let order = (0..<componentCount).sorted { first[$0] < first[$1] }
        var rank = [Int](repeating: 0, count: componentCount)
        for (r, c) in order.enumerated() { rank[c] = r }
        return component.map { rank[$0] }
    }
}

/// A binary min-heap of integers (the ready queue).
struct Heap<Element: Comparable> {
    private var items: [Element] = []

    mutating func insert(_ x: Element) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p] <= items[i] { break }
            items.swapAt(p, i)
            i = p
        }
    }

    mutating func popMin() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < items.count && items[l] < items[m] { m = l }
            if r < items.count && items[r] < items[m] { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
