/// Anomalies close in time (and, with a topology, on related services), with their probable root causes.
public struct Incident: Sendable, Equatable {
    /// A service that may have caused the incident, with the reasons for its rank.
    public struct RootCause: Sendable, Equatable {
        public var service: String
        /// Higher is more probable; only the order within one incident means anything.
        public var score: Double
        /// Each reason that raised or lowered the score, in words.
        public var reasons: [String]
    }

    /// The earliest start and the latest end of its evidence, Unix seconds.
    public var start: Double
    public var end: Double
    /// The evidence, by start time.
    public var evidence: [AnomalyEvidence]
    /// Every anomalous service, ranked: the first is the probable root cause.
    public var rootCauses: [RootCause]

    /// The anomalous services, by first anomaly.
    public var services: [String] {
        var seen: Set<String> = []
        return evidence.map(\.service).filter { seen.insert($0).inserted }
    }
}
