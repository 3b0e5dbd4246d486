/// Which way a figure gets worse.
public struct MetricDirection: Sendable, Hashable, CustomStringConvertible {
    let raw: String
    public var description: String { raw }
    /// Durations, latencies, error rates, memory: larger is worse.
    public static let lowerIsBetter = MetricDirection(raw: "lower_is_better")
    /// Throughput, scores, accuracy, ratios: smaller is worse.
    public static let higherIsBetter = MetricDirection(raw: "higher_is_better")

    /// Guesses the direction from a metric's name.
    /// - Parameter name: The metric's name (`latency_ms`, `nab.standard`, `records_per_s`).
    public static func guess(_ name: String) -> MetricDirection {
        let lower = name.lowercased()
        let better = [
            "per_s", "persec", "/s", "throughput", "score", "ratio", "accuracy", "qps", "rps", "recall", "precision",
            "f1", "ndcg", "hit", "speedup", "tokens_per",
        ]
        return better.contains(where: lower.contains) ? .higherIsBetter : .lowerIsBetter
    }
}
