import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// The contextual detector's rest period (quiet for `restPeriod` rows after an alarm, to keep false positives
/// down) must not hide a real fault that follows a false alarm closely.
@Suite struct RestPeriodTests {
    static let start = 1_700_000_000.0

    /// A one-minute latency series of 100 ± 5 for 600 rows, with `planted` values put in.
    static func series(seed: UInt64 = 11, planted: [Int: Double]) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<600).map { i in planted[i] ?? 100 + Double.random(in: -5...5, using: &random) }
    }

    static func alarms(_ values: [Double], settings: ContextualDetector.Settings = .init()) -> [Int] {
        var detector = ContextualDetector(settings: settings)
        let threshold = DetectorKind.contextual.defaultThreshold
        return values.enumerated().compactMap { i, v in
            detector.score(v, timestamp: Self.start + Double(i) * 60) >= threshold ? i : nil
        }
    }

    @Test func aFaultInsideTheRestPeriodOfAFalseAlarmIsReported() {
        // A false alarm (a lone point a little above the usual range) at row 460, the fault (six times the
        // level) ten rows later, well inside the 35-row rest period the false alarm started.
        let values = Self.series(planted: [460: 114, 470: 600, 471: 610, 472: 590])
        let alarms = Self.alarms(values)
        #expect(alarms.contains(460), "the false alarm fires: \(alarms)")
        #expect(alarms.contains(470), "the fault is reported at its first row: \(alarms)")
        #expect(!alarms.contains(471) && !alarms.contains(472), "the fault itself starts a new rest: \(alarms)")

        var plain = ContextualDetector.Settings()
        plain.restBreak = 0
        plain.restBreakOnNewExtreme = false
        #expect(!Self.alarms(values, settings: plain).contains(470), "without the rule the rest hides the fault")
    }

    @Test func aDeviationLikeTheAlarmStaysSuppressed() {
        // Two lone points of the same size six rows apart: the second is the kind of deviation the rest is
        // there to swallow.
        let values = Self.series(planted: [460: 114, 466: 115])
        let alarms = Self.alarms(values)
        #expect(alarms.contains(460) && !alarms.contains(466), "\(alarms)")
    }
}
