/// Ranks the services of one incident by how probably each caused it, every step of the score given as a reason:
/// - topology (when given): a service none of whose dependencies turned anomalous before it (or within `slack`
///   seconds after) is upstream-most (+2); one that depends on such a service is probably a victim (−1); each
///   other anomalous service that calls it, directly or not, and turned anomalous after it (or within `slack`
///   before) is explained by it (+1 × the share of the others it explains). A dependency whose anomaly began
///   well after a service's own cannot have caused it;
/// - onset order: the earliest anomaly scores +1, later ones less (+1 − rank / services);
/// - log evidence: anomalous log lines on the service (+0.5);
/// - the peak anomaly score (+0.1 × peak) breaks near ties.
public struct RootCauseRanker: Sendable {
    /// The service calls, when known; without one only onset order, logs and peaks count.
    public var topology: ServiceTopology?
    /// How far out of order (seconds) onsets may come and still count as cause and effect.
    public var slack: Double

    /// A ranker.
    /// - Parameters:
    ///   - topology: The service calls, when known.
    ///   - slack: Seconds onsets may come out of order and still count as cause and effect.
    public init(topology: ServiceTopology? = nil, slack: Double = 120) {
        self.topology = topology
        self.slack = slack
    }

    /// The incident's services, most probable root cause first.
    /// - Parameter evidence: The incident's evidence.
    public func rank(_ evidence: [AnomalyEvidence]) -> [Incident.RootCause] {
        var onset: [String: Double] = [:]
        var peak: [String: Double] = [:]
        var logs: [String: [AnomalyEvidence]] = [:]
        for item in evidence {
            onset[item.service] = min(onset[item.service] ?? .infinity, item.start)
            peak[item.service] = max(peak[item.service] ?? 0, item.peak)
            if item.source == .log { logs[item.service, default: []].append(item) }
        }
        let services = onset.keys.sorted { (onset[$0]!, $0) < (onset[$1]!, $1) }
        let anomalous = Set(services)
        let first = services.first.flatMap { onset[$0] } ?? 0
        var result: [Incident.RootCause] = []
        for service in services {
            var score = 0.0
            var reasons: [String] = []
            if let topology, topology.contains(service) {
                let mine = onset[service]!
                let suspects = topology.transitiveDependencies(of: service).intersection(anomalous)
                    .filter { onset[$0]! <= mine + slack }.sorted()
                if suspects.isEmpty {
                    score += 2
                    reasons.append("no dependency of it turned anomalous before it (upstream-most)")
                } else {
                    score -= 1
                    reasons.append("depends on anomalous \(suspects.joined(separator: ", "))")
                }
                let callers = services.filter {
                    $0 != service && onset[$0]! >= mine - slack
                        && topology.transitiveDependencies(of: $0).contains(service)
                }
                if services.count > 1, !callers.isEmpty {
                    score += Double(callers.count) / Double(services.count - 1)
                    reasons.append(
                        "\(callers.count) of the \(services.count - 1) other anomalous services call it: "
                            + callers.joined(separator: ", "))
                }
            } else if topology != nil {
                reasons.append("not in the topology")
            }
            let rank = services.filter { onset[$0]! < onset[service]! }.count
            score += 1 - Double(rank) / Double(services.count)
            reasons.append(
                "first anomaly \(Int((onset[service]! - first).rounded())) s after the incident's start "
                    + "(\(ordinal(rank + 1)) of \(services.count))")
            if let lines = logs[service], !lines.isEmpty {
                score += 0.5
                let sample = lines.first.map { $0.detail.isEmpty ? $0.series : $0.detail } ?? ""
                reasons.append("\(lines.count) log anomal\(lines.count == 1 ? "y" : "ies") (\(sample))")
            }
            score += 0.1 * (peak[service] ?? 0)
            reasons.append("peak score \(((peak[service] ?? 0) * 100).rounded() / 100)")
            result.append(Incident.RootCause(service: service, score: score, reasons: reasons))
        }
        return result.sorted { ($1.score, onset[$0.service]!, $0.service) < ($0.score, onset[$1.service]!, $1.service) }
    }

    private func ordinal(_ n: Int) -> String {
        let suffix =
            (11...13).contains(n % 100) ? "th" : ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"][n % 10]
        return "\(n)\(suffix)"
    }
}
