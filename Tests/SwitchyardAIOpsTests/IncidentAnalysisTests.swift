import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// `aiops incidents`' library call on a synthetic estate with a fault injected at db.
@Suite struct IncidentAnalysisTests {
    @Test func findsTheFaultAndRanksDbFirstWithTheTopology() throws {
        let fixture = try IncidentFixture()
        let report = try IncidentAnalysis.run(
            seriesFiles: fixture.series, logFiles: [fixture.dbLog],
            options: .init(topology: try ServiceTopology.read(path: fixture.topology)))
        #expect(report.seriesCount == 4)
        let entry = try #require(report.incidents.first { $0.incident.services.contains("db") })
        #expect(Set(entry.incident.services) == Set(IncidentFixture.chain))
        #expect(entry.incident.rootCauses.first?.service == "db")
        #expect(entry.incident.start >= IncidentFixture.fault && entry.incident.start < IncidentFixture.fault + 120)
        let cause = try #require(entry.incident.rootCauses.first)
        #expect(cause.reasons.contains("no dependency of it turned anomalous before it (upstream-most)"))
        #expect(cause.reasons.contains { $0.contains("log anomal") })
        // Series windows cited S1…, log lines L1…, and the log evidence carries its lines.
        let ids = entry.evidence.map(\.id)
        #expect(ids.contains("S1") && ids.contains("S4") && ids.contains("L1"), "\(ids)")
        let log = try #require(entry.evidence.first { $0.id == "L1" })
        #expect(log.evidence.service == "db" && log.lines.first?.text.contains("connection pool exhausted") == true)
        #expect(log.text.hasPrefix("[L1] log \(fixture.dbLog):"))
        let frontend = try #require(entry.evidence.first { $0.evidence.service == "frontend" })
        #expect(frontend.evidence.series == #"latency_ms{service="frontend"}"#)
        #expect(frontend.evidence.detail.contains("median"), "\(frontend.evidence.detail)")
        // Text and JSON carry the evidence, the ranks and every reason.
        let text = report.text
        #expect(text.contains("probable root causes:") && text.contains("1. db (score"))
        #expect(text.contains("[S1] series"))
        let json = report.json
        let first = try #require(
            json["incidents"]?.arrayValue?.first { $0["services"]?.arrayValue?.contains("db") == true })
        #expect(first["root_causes"]?.arrayValue?.first?["service"] == "db")
        #expect(first["evidence"]?.arrayValue?.contains { $0["id"] == "L1" && $0["source"] == "log" } == true)
    }

    @Test func withoutATopologyOnsetOrderAndLogsStillPointAtDb() throws {
        let fixture = try IncidentFixture()
        let report = try IncidentAnalysis.run(seriesFiles: fixture.series, logFiles: [fixture.dbLog], options: .init())
        let entry = try #require(report.incidents.first { $0.incident.services.contains("db") })
        #expect(entry.incident.rootCauses.first?.service == "db")
    }

    @Test func anomaliesInsideTheNormalRangeAreNotEvidence() throws {
        // An hour of one-minute points cycling 95, 100, 105 (median 100, MAD 5), then a point at 104, one at 160.
        var points = (0..<60).map { TimeSeries.Point(timestamp: Double($0) * 60, value: [95, 100, 105][$0 % 3]) }
        points += [.init(timestamp: 3600, value: 104), .init(timestamp: 3660, value: 160)]
        let series = TimeSeries(name: "latency", points: points)
        let blip = AnomalyEvidence(series: "latency", service: "cart", start: 3600)
        let jump = AnomalyEvidence(series: "latency", service: "cart", start: 3660)
        #expect(abs((IncidentAnalysis.deviation(blip, in: series) ?? -1) - 4 / (1.4826 * 5)) < 1e-9)
        #expect(abs((IncidentAnalysis.deviation(jump, in: series) ?? -1) - 60 / (1.4826 * 5)) < 1e-9)
        // Too little history to judge: kept.
        #expect(
            IncidentAnalysis.deviation(AnomalyEvidence(series: "latency", service: "cart", start: 300), in: series)
                == nil)
        #expect(
            DetectBadInputTests.code {
                _ = try IncidentAnalysis.run(series: [], logs: [], options: .init(minimumDeviation: -1))
            } == .invalidArguments)
    }

    @Test func serviceComesFromLabelsThenTheFileName() {
        let labelled = TimeSeries(name: "up", labels: ["job": "cart"], points: [])
        #expect(IncidentAnalysis.service(of: labelled, file: "x/y.csv") == "cart")
        #expect(IncidentAnalysis.service(of: TimeSeries(name: "v", points: []), file: "m/redis.latency.csv") == "redis")
    }

    @Test func refusesNoInputAndABadWindow() {
        #expect(
            DetectBadInputTests.code { _ = try IncidentAnalysis.run(seriesFiles: [], logFiles: [], options: .init()) }
                == .invalidArguments)
        let path = AIOpsTestFiles.write("timestamp,value\n2024-01-01 00:00:00,1\n", name: "one.csv")
        #expect(
            DetectBadInputTests.code {
                _ = try IncidentAnalysis.run(seriesFiles: [path], logFiles: [], options: .init(window: 0))
            } == .invalidArguments)
        #expect(
            DetectBadInputTests.code {
                _ = try IncidentAnalysis.run(seriesFiles: [path], logFiles: ["/no/such.log"], options: .init())
            } == .fileNotFound)
        // A series of one point is not judged: a note, no incident.
        let report = try? IncidentAnalysis.run(seriesFiles: [path], logFiles: [], options: .init())
        #expect(report?.incidents.isEmpty == true)
        #expect(report?.notes.contains { $0.contains("too few to judge") } == true)
    }
}
