import Foundation

/// What depends on what in an estate: directed client → server links from the flows, and the undirected
/// weighted graph used to find application groups.
///
/// Edge weight is the traffic in KiB (at least 1 per observed link), summed over both directions of a pair.
/// Bulk transfers to shared services (backup, monitoring) do not skew the groups because those VMs are
/// shared services (below) and left out of grouping.
///
/// VMs that talk to a large share of the estate (DNS, NTP, monitoring, backup: degree at least `hubDegree`)
/// are *shared services*: they are left out of community detection, each becomes its own group, and links on
/// which a shared service is the client (a monitor scraping everything) are not ordering constraints.
public struct DependencyGraph: Sendable {
    /// The weighted undirected graph over all VMs (hubs included).
    public var graph: WeightedGraph
    /// Client → server links (VM indices), with their traffic.
    public var links: [FlowTable.Link]
    /// `true` for shared-service VMs.
    public var isHub: [Bool]
    /// The degree from which a VM counts as a shared service.
    public var hubDegree: Int

    /// Builds the graph.
    /// - Parameters:
    ///   - vmCount: the estate's size.
    ///   - flows: the aggregated flows.
    ///   - hubDegree: the degree from which a VM is a shared service; default `max(50, vmCount / 10)`.
    public init(vmCount: Int, flows: FlowTable, hubDegree: Int? = nil) {
        var edges: [(Int, Int, Double)] = []
        edges.reserveCapacity(flows.links.count)
        for link in flows.links {
            edges.append((link.client, link.server, max(1, Double(link.bytes) / 1024)))
        }
        let built = WeightedGraph(nodeCount: vmCount, edges: edges)
        let threshold = hubDegree ?? max(50, vmCount / 10)
        graph = built
        links = flows.links
        self.hubDegree = threshold
        isHub = (0..<vmCount).map { built.degree($0) >= threshold }
    }

    /// The graph without shared services (their edges dropped), for community detection.
    public var applicationGraph: WeightedGraph {
        guard isHub.contains(true) else { return graph }
        let kept = graph.edges.filter { !isHub[$0.0] && !isHub[$0.1] }
        return WeightedGraph(nodeCount: graph.nodeCount, edges: kept)
    }

    /// Whether `link` constrains the move order (its client is not a shared service).
    /// - Parameter link: a link between two VMs.
    public func isOrdering(_ link: FlowTable.Link) -> Bool { !isHub[link.client] }
}
