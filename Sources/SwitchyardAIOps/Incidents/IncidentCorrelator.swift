/// Groups anomalies across series and logs into incidents and ranks each incident's probable root causes.
///
/// Evidence whose start lies within `window` seconds of the end of an open incident joins it. With a
/// ``ServiceTopology``, one time group is split into incidents of related services (one calls the other,
/// directly or not); services the topology does not know stay on their own. Ranking: see ``RootCauseRanker``.
public struct IncidentCorrelator: Sendable {
    /// How long after an incident's last evidence new evidence still joins it, in seconds.
    public var window: Double
    /// The service calls, when known; without one every time group is one incident.
    public var topology: ServiceTopology?
    /// How far out of order (seconds) onsets may come and still count as cause and effect (``RootCauseRanker``).
    public var slack: Double

    /// A correlator.
    /// - Parameters:
    ///   - window: Seconds after an incident's last evidence that new evidence still joins it.
    ///   - topology: The service calls, when known.
    ///   - slack: Seconds onsets may come out of order and still count as cause and effect.
    public init(window: Double = 900, topology: ServiceTopology? = nil, slack: Double = 120) {
        self.window = window
        self.topology = topology
        self.slack = slack
    }

    /// The incidents in `evidence`, by start time, each with its ranked root causes.
    /// - Parameter evidence: Anomalies from any series and logs, in any order.
    public func incidents(from evidence: [AnomalyEvidence]) -> [Incident] {
        let sorted = evidence.sorted { ($0.start, $0.service, $0.series) < ($1.start, $1.service, $1.series) }
        var groups: [[AnomalyEvidence]] = []
        var groupEnd = -Double.infinity
        for item in sorted {
            if !groups.isEmpty, item.start <= groupEnd + window {
                groups[groups.count - 1].append(item)
                groupEnd = max(groupEnd, item.end)
            } else {
                groups.append([item])
                groupEnd = item.end
            }
        }
        let ranker = RootCauseRanker(topology: topology, slack: slack)
        return groups.flatMap(split).map { group in
            Incident(
                start: group.map(\.start).min() ?? 0, end: group.map(\.end).max() ?? 0, evidence: group,
                rootCauses: ranker.rank(group))
        }
        .sorted { $0.start < $1.start }
    }

    /// One time group split into groups of related services (all of it without a topology).
    private func split(_ group: [AnomalyEvidence]) -> [[AnomalyEvidence]] {
        guard let topology else { return [group] }
        var services: [String] = []
        for item in group where !services.contains(item.service) { services.append(item.service) }
        var parent = Array(services.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { i = parent[i] }
            return i
        }
        let below = services.map { topology.transitiveDependencies(of: $0) }
        for i in services.indices {
            for j in services.indices where j > i && (below[i].contains(services[j]) || below[j].contains(services[i]))
            {
                parent[root(j)] = root(i)
            }
        }
        var byRoot: [Int: [AnomalyEvidence]] = [:]
        var order: [Int] = []
        for item in group {
            let r = root(services.firstIndex(of: item.service)!)
            if byRoot[r] == nil { order.append(r) }
            byRoot[r, default: []].append(item)
        }
        return order.map { byRoot[$0]! }
    }
}
