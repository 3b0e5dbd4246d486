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
}
