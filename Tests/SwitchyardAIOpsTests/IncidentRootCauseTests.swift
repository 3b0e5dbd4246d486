import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// Incidents and root causes on a synthetic microservice topology with faults injected at known services.
@Suite struct IncidentRootCauseTests {
    /// frontend calls cart, checkout and search; checkout calls payment and cart; cart calls redis; payment and
    /// search call db; apart from them, batch calls mailer.
    static let topology = ServiceTopology(calls: [
        ("frontend", "cart"), ("frontend", "checkout"), ("frontend", "search"), ("checkout", "payment"),
        ("checkout", "cart"), ("cart", "redis"), ("payment", "db"), ("search", "db"), ("batch", "mailer"),
    ])
    static let services = ["frontend", "cart", "checkout", "search", "payment", "redis", "db"]

    /// One injected fault at `root` from `start`: it and every service calling it, directly or not, turn
    /// anomalous about 60 s per hop later (±45 s of jitter, so onsets may come out of order); each victim is
    /// missed with probability 0.2, a false alarm lands on an unrelated service with probability 0.3, and the
    /// root logs errors with probability 0.5.
    static func fault(at root: String, start: Double, random: inout SplitMix64) -> [AnomalyEvidence] {
        var evidence: [AnomalyEvidence] = []
        for service in services {
            let hops = service == root ? 0 : topology.hops(from: service, to: root)
            guard let hops else { continue }
            if hops > 0, Double.random(in: 0..<1, using: &random) < 0.2 { continue }
            let onset = start + Double(hops) * 60 + Double.random(in: -45...45, using: &random)
            evidence.append(
                AnomalyEvidence(
                    series: "latency{service=\"\(service)\"}", service: service, start: onset, end: onset + 600,
                    peak: Double.random(in: 0.6...1, using: &random)))
        }
        if Double.random(in: 0..<1, using: &random) < 0.5 {
            evidence.append(
                AnomalyEvidence(
                    series: "\(root).log", service: root, source: .log, start: start + 10,
                    detail: "template 3: connection refused"))
        }
        let bystanders = services.filter { $0 != root && topology.hops(from: $0, to: root) == nil }
        if let noise = bystanders.randomElement(using: &random), Double.random(in: 0..<1, using: &random) < 0.3 {
            evidence.append(
                AnomalyEvidence(
                    series: "latency{service=\"\(noise)\"}", service: noise,
                    start: start + Double.random(in: 0...300, using: &random), peak: 0.7))
        }
        return evidence
    }

    @Test func ranksTheInjectedServiceFirstOnASyntheticTopology() {
        var random = SplitMix64(seed: 42)
        let correlator = IncidentCorrelator(window: 900, topology: Self.topology)
        var top1 = 0
        var top3 = 0
        let trials = 300
        for trial in 0..<trials {
            let root = Self.services[trial % Self.services.count]
            let evidence = Self.fault(at: root, start: 1_700_000_000 + Double(trial) * 86_400, random: &random)
            let incidents = correlator.incidents(from: evidence)
            guard let incident = incidents.first(where: { $0.services.contains(root) }) else { continue }
            let ranked = incident.rootCauses.map(\.service)
            if ranked.first == root { top1 += 1 }
            if ranked.prefix(3).contains(root) { top3 += 1 }
        }
        let top1Accuracy = Double(top1) / Double(trials)
        let top3Accuracy = Double(top3) / Double(trials)
        print("root cause on the synthetic topology: top-1 \(top1Accuracy), top-3 \(top3Accuracy) (\(trials) faults)")
        #expect(top1Accuracy >= 0.9)
        #expect(top3Accuracy >= 0.98)
    }

    @Test func groupsByTimeAndTopologyAndExplainsEachRank() throws {
        let t = 1_700_000_000.0
        let evidence = [
            AnomalyEvidence(series: "errors{service=\"frontend\"}", service: "frontend", start: t + 120),
            AnomalyEvidence(series: "latency{service=\"checkout\"}", service: "checkout", start: t + 60),
            AnomalyEvidence(series: "latency{service=\"payment\"}", service: "payment", start: t),
            AnomalyEvidence(
                series: "payment.log", service: "payment", source: .log, start: t + 5, detail: "template 9: timeout"),
            // An unrelated service at the same time: its own incident.
            AnomalyEvidence(series: "latency{service=\"mailer\"}", service: "mailer", start: t + 30),
            // A day later: a separate incident.
            AnomalyEvidence(series: "latency{service=\"search\"}", service: "search", start: t + 86_400),
        ]
        let incidents = IncidentCorrelator(window: 900, topology: Self.topology).incidents(from: evidence)
        try #require(incidents.count == 3)
        let main = incidents[0]
        #expect(main.services == ["payment", "checkout", "frontend"])
        #expect(main.rootCauses.map(\.service) == ["payment", "checkout", "frontend"])
        let reasons = main.rootCauses[0].reasons
        #expect(reasons.contains("no dependency of it turned anomalous before it (upstream-most)"))
        #expect(reasons.contains { $0.hasPrefix("2 of the 2 other anomalous services call it") })
        #expect(reasons.contains { $0.contains("log anomaly (template 9: timeout)") })
        #expect(main.rootCauses[1].reasons.contains("depends on anomalous payment"))
        #expect(incidents[1].services == ["mailer"])
        #expect(incidents[2].services == ["search"])

        // Without a topology: one incident for the first hour, ranked by onset and logs.
        let plain = IncidentCorrelator(window: 900).incidents(from: evidence)
        #expect(plain.count == 2)
        #expect(plain[0].rootCauses.first?.service == "payment")
    }

    @Test func turnsDetectorScoresIntoEvidenceRuns() {
        let points = (0..<10).map { TimeSeries.Point(timestamp: Double($0) * 60, value: Double($0)) }
        let series = TimeSeries(name: "latency", labels: ["service": "cart"], points: points)
        let scores: [Double] = [0, 0.9, 0.8, 0, 0, 0, 0, 0, 0.7, 0]
        let runs = AnomalyEvidence.runs(of: series, scores: scores, threshold: 0.5, service: "cart", gap: 120)
        #expect(runs.count == 2)
        #expect(runs[0].start == 60 && runs[0].end == 120 && runs[0].peak == 0.9)
        #expect(runs[0].series == "latency{service=\"cart\"}")
        #expect(runs[1].start == 480)
    }
}
