import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// The four series formats keep metric names and labels; Drain-style mining gives template ids with parameters;
/// log anomalies come from new templates, rare templates and bursts per window.
@Suite struct InputAndLogMiningTests {
    @Test func readsTheFourFormatsKeepingNamesAndLabels() throws {
        let csv = try SeriesReader.parse(
            "timestamp,latency_ms,errors\n2024-01-01 00:00:00,12.5,0\n2024-01-01 00:05:00,13,1\n", source: "a.csv",
            format: .csv)
        #expect(csv.map(\.name) == ["latency_ms", "errors"])
        #expect(csv[0].points.map(\.value) == [12.5, 13] && csv[1].points[1].timestamp == 1_704_067_500)

        let jsonl = try SeriesReader.parse(
            """
            {"timestamp": 1700000000, "value": 1, "name": "rps", "labels": {"service": "cart"}}
            {"timestamp": 1700000060, "value": 2, "name": "rps", "labels": {"service": "cart"}}
            {"timestamp": 1700000000, "value": 5, "name": "rps", "labels": {"service": "db"}}
            """, source: "b.jsonl", format: .jsonl)
        #expect(jsonl.map(\.identifier) == [#"rps{service="cart"}"#, #"rps{service="db"}"#])
        #expect(jsonl[0].points.count == 2)

        let text = """
            # HELP http_requests_total Requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1700000000000
            http_requests_total{method="post",code="200"} 1030 1700000015000
            http_requests_total{method="get",code="500"} 3 1700000000000
            """
        let prom = try SeriesReader.parse(text, source: "c.prom", format: .prometheusText)
        #expect(prom.count == 2)
        #expect(prom[0].name == "http_requests_total" && prom[0].labels == ["method": "post", "code": "200"])
        #expect(prom[0].points.map(\.timestamp) == [1_700_000_000, 1_700_000_015])
        #expect(SeriesFormat.detect(path: "scrape", text: Substring(text)) == .prometheusText)

        let range = """
            {"status": "success", "data": {"resultType": "matrix", "result": [
              {"metric": {"__name__": "up", "job": "api", "instance": "10.0.0.1:9090"},
               "values": [[1700000000, "1"], [1700000015, "0"]]}]}}
            """
        let matrix = try SeriesReader.parse(range, source: "d.json", format: .prometheusRange)
        #expect(matrix.count == 1 && matrix[0].name == "up")
        #expect(matrix[0].labels == ["job": "api", "instance": "10.0.0.1:9090"])
        #expect(matrix[0].points.map(\.value) == [1, 0])
        #expect(SeriesFormat.detect(path: "d.json", text: Substring(range)) == .prometheusRange)
    }

    @Test func drainMinesTemplatesWithParameters() {
        var miner = DrainMiner()
        let a = miner.add("Connected to 10.0.0.5:5432 in 12 ms")
        let b = miner.add("Connected to 10.0.0.7:5432 in 8 ms")
        let c = miner.add("session opened for user alice")
        let d = miner.add("session opened for user bob")
        #expect(a.isNewTemplate && !b.isNewTemplate && a.templateID == b.templateID)
        #expect(b.parameters == ["10.0.0.7:5432", "8"])
        #expect(miner.templates[a.templateID].text == "Connected to <*> in <*> ms")
        #expect(c.templateID != a.templateID && d.templateID == c.templateID)
        #expect(miner.templates[c.templateID].text == "session opened for user <*>" && d.parameters == ["bob"])
    }

    @Test func findsNewAndRareTemplatesAndBursts() {
        var detector = LogAnomalyDetector(window: 60, warmupLines: 200, rareFraction: 0.01, burstFactor: 5)
        var t = 1_699_999_980.0  // on a minute boundary, as the windows are
        // 40 minutes of steady traffic: 10 lines a minute of one template.
        for minute in 0..<40 {
            for k in 0..<10 {
                detector.add("GET /api/items/\(minute * 10 + k) 200 in \(k + 3) ms", timestamp: t + Double(k))
            }
            if minute == 10 { detector.add("cache warmed with 512 entries", timestamp: t + 30) }
            t += 60
        }
        // A new template after the warm-up, then its second sighting, rare in 400 lines.
        detector.add("cache warmed with 513 entries", timestamp: t + 1)
        detector.add("ERROR pool exhausted for 10.0.0.5:5432", timestamp: t + 2)
        t += 60
        // A burst: one minute with 80 requests.
        for k in 0..<80 { detector.add("GET /api/items/\(k) 200 in 4 ms", timestamp: t + Double(k) * 0.5) }
        detector.finish()
        let kinds = detector.findings.map(\.kind)
        #expect(
            kinds.contains(.newTemplate) && kinds.contains(.rareTemplate) && kinds.contains(.burst),
            "\(detector.findings)")
        let new = detector.findings.first { $0.kind == .newTemplate }
        #expect(new?.reason.contains("ERROR pool exhausted for <*>") == true, "\(new?.reason ?? "")")
        let burst = detector.findings.first { $0.kind == .burst }
        #expect(burst?.windowStart == t && burst?.reason.contains("80 lines in one window") == true)
    }
}
