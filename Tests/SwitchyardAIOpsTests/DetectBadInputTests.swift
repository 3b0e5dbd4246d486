import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// `aiops detect`'s library call on inputs it must refuse with a specific code, or handle.
@Suite struct DetectBadInputTests {
    static func code(_ body: () throws -> Void) -> SwitchyardError.Code? {
        do {
            try body()
            return nil
        } catch let error as SwitchyardError {
            return error.code
        } catch {
            return .internalError
        }
    }

    @Test(arguments: [
        ("timestamp,value\n2024-01-01 00:00:00,abc\n", "bad.csv", SwitchyardError.Code.invalidValue),
        ("timestamp,value\n2024-01-01 00:00:00,1,2\n", "fields.csv", .invalidSeries),
        ("timestamp,value\nyesterday,1\n", "stamp.csv", .invalidTimestamp),
        ("", "empty.csv", .emptySeries),
        ("", "empty.jsonl", .emptySeries),
        ("{\"timestamp\": 1, \"value\": 2\n", "broken.jsonl", .invalidJSON),
        ("{\"timestamp\": 1, \"value\": \"x\"}\n", "value.jsonl", .invalidValue),
        ("{\"status\": \"success\", \"data\": [", "range.json", .invalidJSON),
    ])
    func refusesMalformedFiles(text: String, name: String, expected: SwitchyardError.Code) {
        let path = AIOpsTestFiles.write(text, name: name)
        #expect(Self.code { _ = try SeriesDetection.run(files: [path], detector: "contextual") } == expected)
    }

    @Test func refusesUnknownDetectorAndNoFile() {
        let path = AIOpsTestFiles.write("timestamp,value\n2024-01-01 00:00:00,1\n", name: "ok.csv")
        #expect(Self.code { _ = try SeriesDetection.run(files: [path], detector: "magic") } == .unknownDetector)
        #expect(Self.code { _ = try SeriesDetection.run(files: [], detector: "contextual") } == .invalidArguments)
        #expect(Self.code { _ = try SeriesDetection.run(files: ["/no/such.csv"], detector: "ewma") } == .fileNotFound)
    }

    @Test func judgesNothingOnOnePointAndNothingOnAConstantSeries() throws {
        let one = AIOpsTestFiles.write("timestamp,value\n2024-01-01 00:00:00,1\n", name: "one.csv")
        let single = try SeriesDetection.run(files: [one], detector: "contextual")
        #expect(single.first?.anomalies.isEmpty == true)
        #expect(single.first?.notes.contains { $0.contains("too few") } == true)

        var text = "timestamp,value\n"
        for i in 0..<2_000 { text += "\(1_700_000_000 + i * 300),5\n" }
        let flat = try SeriesDetection.run(
            files: [AIOpsTestFiles.write(text, name: "flat.csv")], detector: "contextual")
        #expect(flat.first?.anomalies.isEmpty == true)
        #expect(flat.first?.points == 2_000)
    }

    @Test func handlesNaNUnorderedAndDuplicateRows() throws {
        var text = "timestamp,value\n"
        for i in (0..<600).reversed() { text += "\(1_700_000_000 + i * 300),\(i % 7)\n" }
        text += "1700000000,NaN\n1700000300,3\n"
        let result = try SeriesDetection.run(files: [AIOpsTestFiles.write(text, name: "messy.csv")], detector: "ewma")
        #expect(result.first?.points == 600)
        #expect(result.first?.notes.isEmpty == false)
    }

    @Test func flagsASpikeAfterALongQuietStretch() throws {
        var text = "timestamp,value\n"
        for i in 0..<1_500 { text += "\(1_700_000_000 + i * 300),\(10 + Double(i % 12) * 0.1)\n" }
        text += "\(1_700_000_000 + 1_500 * 300),90\n"
        let result = try SeriesDetection.run(
            files: [AIOpsTestFiles.write(text, name: "spike.csv")], detector: "contextual")
        #expect(result.first?.anomalies.last?.value == 90)
    }

    /// Every detector on the bad inputs: nothing crashes, a constant series raises nothing, a series of
    /// one point (or of NaN only, or of one timestamp repeated) is reported as too short, a gap is noted.
    @Test(arguments: DetectorKind.all)
    func everyDetectorSurvivesTheBadInputs(kind: DetectorKind) {
        let start = 1_700_000_000.0
        func series(_ values: [(Double, Double)]) -> TimeSeries {
            TimeSeries(name: "x", points: values.map { TimeSeries.Point(timestamp: $0.0, value: $0.1) })
        }
        let constant = series((0..<2_000).map { (start + Double($0) * 300, 5) })
        #expect(SeriesDetection.run(constant, kind: kind).anomalies.isEmpty, "\(kind): constant")

        for (name, input) in [
            ("one point", series([(start, 1)])),
            ("NaN only", series((0..<50).map { (start + Double($0) * 60, .nan) })),
            ("one timestamp", series((0..<50).map { (start, Double($0)) })),
            ("empty", series([])),
        ] {
            let result = SeriesDetection.run(input, kind: kind)
            #expect(result.anomalies.isEmpty && result.points <= 1, "\(kind): \(name)")
            #expect(result.notes.contains { $0.contains("too few") }, "\(kind): \(name): \(result.notes)")
        }

        // A day missing in the middle, infinities, unordered and duplicate rows: judged, each change noted.
        var points: [(Double, Double)] = (0..<1_000).map { (i: Int) -> (Double, Double) in
            let step: Double = Double(i < 500 ? i : i + 288)
            return (start + step * 300, 10 + Double(i % 5))
        }
        points.swapAt(10, 20)
        points.append((start + 300, 99))
        points.append((start + 600, Double.infinity))
        let messy = SeriesDetection.run(series(points), kind: kind)
        #expect(messy.points == 1_000, "\(kind)")
        for word in ["gap", "out of time order", "duplicate", "NaN or infinite"] {
            #expect(messy.notes.contains { $0.contains(word) }, "\(kind): no note on \(word): \(messy.notes)")
        }
    }

    @Test func refusesAnUnknownTimezoneInAFile() {
        let path = AIOpsTestFiles.write(
            "timestamp,value\n2024-01-01 00:00:00 Mars/Olympus,1\n", name: "zone.csv")
        #expect(Self.code { _ = try SeriesDetection.run(files: [path], detector: "contextual") } == .unknownTimezone)
    }
}
