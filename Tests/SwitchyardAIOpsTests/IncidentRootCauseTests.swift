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

    /// End to end, detector included: one-minute latency series (100 ± 5) for every service, a sixfold fault at the
    /// root from row 480 for 30 rows and each caller following a minute per hop later (a victim missed with
    /// probability 0.2), scored by the default detector and ranked by `IncidentAnalysis`. Counts the fault's
    /// incident's top-1 and top-3 and the incidents that are not the fault's (false alarms), with and without the
    /// deviation rule.
    @Test func rootCauseEndToEndThroughTheDetector() throws {
        func trial(
            _ root: String, seed: UInt64, minimumDeviation: Double
        ) throws -> (top1: Bool, top3: Bool, extra: Int) {
            var random = SplitMix64(seed: seed)
            let start = 1_700_000_000.0
            var series: [(series: TimeSeries, service: String)] = []
            for service in Self.services {
                let hops = service == root ? 0 : Self.topology.hops(from: service, to: root)
                let hit = hops.map { $0 == 0 || Double.random(in: 0..<1, using: &random) >= 0.2 } ?? false
                let onset = 480 + (hops ?? 0)
                let points = (0..<600).map { step -> TimeSeries.Point in
                    let base = 100 + Double.random(in: -5...5, using: &random)
                    let late = hit && step >= onset && step < onset + 30
                    return .init(timestamp: start + Double(step) * 60, value: late ? base * 6 : base)
                }
                series.append((TimeSeries(name: "latency_ms", labels: ["service": service], points: points), service))
            }
            let report = try IncidentAnalysis.run(
                series: series, logs: [],
                options: .init(topology: Self.topology, minimumDeviation: minimumDeviation))
            let fault = start + 480 * 60
            let mine = report.incidents.first {
                $0.incident.services.contains(root) && $0.incident.start <= fault + 600 && $0.incident.end >= fault
            }
            let ranked = mine?.incident.rootCauses.map(\.service) ?? []
            return (
                ranked.first == root, ranked.prefix(3).contains(root), report.incidents.count - (mine == nil ? 0 : 1)
            )
        }
        var figures: [String] = []
        var withRule = (top1: 0, top3: 0, extra: 0)
        var withoutRule = 0
        let trials = 35
        for minimumDeviation in [3.0, 0] {
            var top1 = 0
            var top3 = 0
            var extra = 0
            for n in 0..<trials {
                let outcome = try trial(
                    Self.services[n % Self.services.count], seed: UInt64(n) + 1, minimumDeviation: minimumDeviation)
                top1 += outcome.top1 ? 1 : 0
                top3 += outcome.top3 ? 1 : 0
                extra += outcome.extra
            }
            if minimumDeviation > 0 { withRule = (top1, top3, extra) } else { withoutRule = extra }
            figures.append(
                "min deviation \(minimumDeviation): top-1 \(Double(top1) / Double(trials)), top-3 \(Double(top3) / Double(trials)), \(extra) false-alarm incidents"
            )
        }
        print("root cause end to end (\(trials) faults): " + figures.joined(separator: "; "))
        // Measured: top-1 1.0 and top-3 1.0 with the rule, no false-alarm incident; without it top-1 0.97, top-3
        // 1.0 and 79 false-alarm incidents. Before the detector's rest period could end early (a much stronger
        // deviation, or a new extreme after an alarm that was not one), the rule gave top-1 and top-3 0.97: the
        // detector fired on noise 14 minutes before cart's fault (seed 2) and was still resting when it came.
        #expect(Double(withRule.top1) / Double(trials) >= 0.9)
        #expect(Double(withRule.top3) / Double(trials) >= 0.95)
        #expect(withRule.extra * 10 < withoutRule)
    }
}
