import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// The contextual detector's seasonal-shape and flatline channels on synthetic series with known changes.
@Suite struct SeasonalChannelTests {
    static let start = 1_700_000_000.0
    static let day = 288  // five-minute rows

    /// Twelve days of a daily square pattern (low at night, high by day) with noise; on day `broken` the day
    /// stays at the night level, a change in shape with no new extreme.
    static func dailySeries(days: Int = 12, broken: Int? = nil, seed: UInt64 = 7) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<(days * day)).map { i in
            let phase = i % day
            let high = phase >= 108 && phase < 216 && i / day != broken
            return (high ? 80 : 20) + Double.random(in: -3...3, using: &random)
        }
    }

    static func channel(memory: Int = 12_096) -> SeasonalResidual {
        SeasonalResidual(
            cycles: 3, gate: 0.5, scale: 16, memory: memory,
            likelihood: AnomalyLikelihood(shortWindow: 10, longWindow: 2_000, learningPeriod: 200))
    }

    @Test func seasonalChannelFlagsAMissingDailyJumpAndStaysQuietOnNormalDays() {
        let values = Self.dailySeries(broken: 10)
        var channel = Self.channel()
        var outputs: [Double] = []
        for (i, v) in values.enumerated() { outputs.append(channel.update(v, timestamp: Self.start + Double(i) * 300)) }
        let normal = outputs[(6 * Self.day)..<(10 * Self.day)].max() ?? 1
        let broken = outputs[(10 * Self.day)..<(11 * Self.day)].max() ?? 0
        #expect(normal < 0.5)
        #expect(broken >= 0.5)
    }

    @Test func contextualDetectorNeedsTheSeasonalChannelForAShapeChange() {
        let values = Self.dailySeries(broken: 10)
        func peak(_ settings: ContextualDetector.Settings) -> Double {
            var detector = ContextualDetector(settings: settings)
            var best = 0.0
            for (i, v) in values.enumerated() {
                let s = detector.score(v, timestamp: Self.start + Double(i) * 300)
                if i >= 10 * Self.day, i < 11 * Self.day { best = max(best, s) }
            }
            return best
        }
        var off = ContextualDetector.Settings()
        off.seasonalGate = 0
        #expect(peak(ContextualDetector.Settings()) >= 0.5)
        #expect(peak(off) < 0.5)
    }

    @Test func seasonalChannelStaysOffWithoutARepeatingShapeOrBeyondItsMemory() {
        var random = SplitMix64(seed: 3)
        var walk = 0.0
        var channel = Self.channel()
        var peak = 0.0
        for i in 0..<(12 * Self.day) {
            walk += Double.random(in: -1...1, using: &random)
            peak = max(peak, channel.update(walk, timestamp: Self.start + Double(i) * 300))
        }
        #expect(peak == 0)

        // One-second rows: a day is 86,400 rows, three cycles exceed the memory, so no period is kept.
        var fine = Self.channel(memory: 10_000)
        var finePeak = 0.0
        for (i, v) in Self.dailySeries(days: 1).enumerated() {
            finePeak = max(finePeak, fine.update(v, timestamp: Self.start + Double(i)))
        }
        #expect(finePeak == 0)

        // Absurdly fine timestamps (a day would be ~10²⁰ rows): refused as a period, no overflow.
        var tiny = Self.channel()
        var tinyPeak = 0.0
        for (i, v) in Self.dailySeries(days: 1).enumerated() {
            tinyPeak = max(tinyPeak, tiny.update(v, timestamp: Double(i) * 1e-15))
        }
        #expect(tinyPeak == 0)
    }

    @Test func flatlineWatchFiresOnceOnACollapseAndNeverOnASeriesFlatBefore() {
        var random = SplitMix64(seed: 11)
        var watch = FlatlineWatch(window: 36, factor: 0.3, warmup: 300)
        var fired: [Int] = []
        for i in 0..<1_200 {
            let v = i >= 900 && i < 1_000 ? 40 : 50 + Double.random(in: -5...5, using: &random)
            if watch.update(v) { fired.append(i) }
        }
        #expect(fired.first.map { (900..<1_000).contains($0) } == true)
        #expect(fired.allSatisfy { (900..<1_000).contains($0) })

        var flatBefore = FlatlineWatch(window: 36, factor: 0.3, warmup: 300)
        var any = false
        for i in 0..<1_200 {
            let v = i < 100 || (i >= 900 && i < 1_000) ? 40 : 50 + Double.random(in: -5...5, using: &random)
            any = flatBefore.update(v) || any
        }
        #expect(!any)
    }
}
