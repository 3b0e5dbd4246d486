import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

@Suite struct GateRunTests {
    static let history = (0..<8).map { "{\"latency_ms\": \(100 + $0 % 3), \"nab\": {\"score\": 70}}" }
        .joined(separator: "\n")

    @Test func passesAnUnchangedBuildAndFailsARegression() throws {
        let baseline = AIOpsTestFiles.write(Self.history, name: "history.jsonl")
        let same = AIOpsTestFiles.write("{\"latency_ms\": 101, \"nab\": {\"score\": 70.2}}\n", name: "cur.jsonl")
        let pass = try GateRun.run(baseline: baseline, current: [same])
        #expect(pass.exitCode == 0)
        let slow = AIOpsTestFiles.write("{\"latency_ms\": 180, \"nab\": {\"score\": 55}}\n", name: "slow.jsonl")
        let fail = try GateRun.run(baseline: baseline, current: [slow])
        #expect(fail.exitCode == 1)
        #expect(Set(fail.regressions.map(\.metric)) == ["latency_ms", "nab.score"])
        #expect(fail.regressions.allSatisfy { $0.explanation.contains("median") })
    }

    @Test func readsJUnitDurations() throws {
        let history = (0..<6).map { _ in "{\"test.Suite.a.seconds\": 1.0}" }.joined(separator: "\n")
        let baseline = AIOpsTestFiles.write(history, name: "h.jsonl")
        let junit = AIOpsTestFiles.write(
            "<testsuite><testcase classname=\"Suite\" name=\"a\" time=\"3.5\"/></testsuite>", name: "j.xml")
        let run = try GateRun.run(baseline: baseline, current: [], junit: [junit])
        #expect(run.regressions.map(\.metric) == ["test.Suite.a.seconds"])
    }

    @Test func refusesUnreadableInputsWithCodes() {
        let baseline = AIOpsTestFiles.write(Self.history, name: "history.jsonl")
        let broken = AIOpsTestFiles.write("{\"latency_ms\": \n", name: "broken.jsonl")
        let notJUnit = AIOpsTestFiles.write("<html></html>", name: "page.xml")
        let empty = AIOpsTestFiles.write("\n", name: "empty.jsonl")
        #expect(DetectBadInputTests.code { _ = try GateRun.run(baseline: baseline, current: [broken]) } == .invalidJSON)
        #expect(
            DetectBadInputTests.code { _ = try GateRun.run(baseline: baseline, current: [notJUnit]) } == .invalidJunit)
        #expect(DetectBadInputTests.code { _ = try GateRun.run(baseline: baseline, current: [empty]) } == .emptyInput)
        #expect(
            DetectBadInputTests.code { _ = try GateRun.run(baseline: "/no/file", current: [empty]) } == .fileNotFound)
    }
}
