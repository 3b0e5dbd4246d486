/// Network flows between VMs of an estate, aggregated per directed pair (client → server).
///
/// The client is the side that opened the connection: in the CSV format `src`; in VPC flow logs the side with
/// the higher (ephemeral) port.
public struct FlowTable: Sendable, Codable {
    /// One client → server pair.
    public struct Link: Sendable, Hashable, Codable {
        /// The client VM's index in the estate.
        public var client: Int
        /// The server VM's index in the estate.
        public var server: Int
        /// Bytes in both directions.
        public var bytes: Int
        /// Connections or records.
        public var count: Int
        /// The server ports seen (at most 8 kept, sorted).
        public var ports: [Int]
    }

    /// The links, sorted by (client, server).
    public var links: [Link]
    /// Records read (data lines).
    public var records: Int
    /// Records whose two ends are both VMs of the estate.
    public var matched: Int
    /// Records with at least one end outside the estate (external or unknown addresses).
    public var external: Int
    /// Records skipped on purpose (rejected, no data, a VM talking to itself).
    public var skipped: Int

    /// Makes a table.
    /// - Parameters:
    ///   - links: The links, sorted by (client, server).
    ///   - records: Records read (data lines).
    ///   - matched: Records whose two ends are both VMs of the estate.
    ///   - external: Records with at least one end outside the estate (external or unknown addresses).
    ///   - skipped: Records skipped on purpose (rejected, no data, a VM talking to itself).
    public init(links: [Link], records: Int, matched: Int, external: Int, skipped: Int) {
        self.links = links
        self.records = records
        self.matched = matched
        self.external = external
        self.skipped = skipped
    }

    /// `a + b`, or `Int.max` where that overflows: byte counters of corrupted or enormous logs saturate instead of
    /// trapping or wrapping negative.
    static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : sum
    }

    /// Joins the tables of several flow files.
    /// - Parameter tables: The tables, one per file.
    public static func merged(_ tables: [FlowTable]) -> FlowTable {
        var byPair: [Int64: Link] = [:]
        for table in tables {
            for link in table.links {
                let key = Int64(link.client) << 32 | Int64(link.server)
                if var existing = byPair[key] {
                    existing.bytes = saturatingSum(existing.bytes, link.bytes)
                    existing.count = saturatingSum(existing.count, link.count)
                    existing.ports = Array(Set(existing.ports + link.ports).sorted().prefix(8))
                    byPair[key] = existing
                } else {
                    byPair[key] = link
                }
            }
        }
        return FlowTable(
            links: byPair.values.sorted { ($0.client, $0.server) < ($1.client, $1.server) },
            records: tables.reduce(0) { $0 + $1.records }, matched: tables.reduce(0) { $0 + $1.matched },
            external: tables.reduce(0) { $0 + $1.external }, skipped: tables.reduce(0) { $0 + $1.skipped })
    }
}
