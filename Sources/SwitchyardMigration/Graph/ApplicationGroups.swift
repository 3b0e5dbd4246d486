/// Application groups: the communities of the dependency graph, plus one group per shared service.
public struct ApplicationGroups: Sendable, Codable {
    /// One group.
    public struct Group: Sendable, Hashable, Codable {
        /// A stable, RFC 1123-clean name (from the members' common name prefix when they share one).
        public var name: String
        /// Member VM indices, ascending.
        public var members: [Int]
        /// Whether this is a shared service (a hub VM).
        public var isSharedService: Bool
    }

    /// The groups, ordered by their first member.
    public var groups: [Group]
    /// `groupOf[vm]` is the index of the VM's group.
    public var groupOf: [Int]
    /// Modularity of the application partition on the application graph (hubs left out).
    public var modularity: Double

    /// Finds the groups with Louvain on the application graph.
    /// - Parameters:
    ///   - graph: the dependency graph.
    ///   - names: the VM names (for group names).
    ///   - louvain: the detector settings.
    public init(graph: DependencyGraph, names: [String], louvain: Louvain = Louvain()) {
        let appGraph = graph.applicationGraph
        var community = louvain.communities(appGraph)
        modularity = appGraph.modularity(community)
        // Hubs become their own groups.
        var next = (community.max() ?? -1) + 1
        for vm in community.indices where graph.isHub[vm] {
            community[vm] = next
            next += 1
        }
        let (renumbered, count) = Louvain.renumber(community)
        var members = [[Int]](repeating: [], count: count)
        for (vm, c) in renumbered.enumerated() { members[c].append(vm) }
        var used: Set<String> = []
        groups = members.enumerated().map { index, list in
            let hub = graph.isHub[list[0]] && list.count == 1
            var name = ApplicationGroups.name(for: list.map { names[$0] }, shared: hub)
            if name.isEmpty || used.contains(name) { name = "\(name.isEmpty ? "group" : name)-\(index + 1)" }
            used.insert(name)
            return Group(name: name, members: list, isSharedService: hub)
        }
        groupOf = renumbered
    }

    /// A name from the members' longest common prefix, cut at a separator (`shop-web-1`, `shop-db-1` → `shop`).
    static func name(for vmNames: [String], shared: Bool) -> String {
        guard var prefix = vmNames.first else { return "group" }
        if vmNames.count == 1 {
            return (shared ? "shared-" : "") + RFC1123.label(prefix, maxLength: 50)
        }
        for other in vmNames.dropFirst() {
            prefix = String(zip(prefix, other).prefix { $0 == $1 }.map(\.0))
        }
        if let cut = prefix.lastIndex(where: { "-_. ".contains($0) }) {
            prefix = String(prefix[..<cut])
        } else {
            prefix = ""
        }
        return RFC1123.label(prefix, maxLength: 50, fallback: "")
    }
}
