import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// ``LoadForecast``'s parts, each on the failure of plain additive Holt-Winters it answers.
@Suite struct LoadForecastTests {
    static let season = 48

    /// A CPU idle near 0.1 with a busy hour of 30 each day and rare bursts: skewed and near 0.
    static func idleCPU(days: Int, seed: UInt64 = 9) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<(days * season)).map { i in
            let busy = i % season >= 20 && i % season < 22
            let burst = Double.random(in: 0..<1, using: &random) < 0.01 ? 60.0 : 0
            return (busy ? 30 : 0.1) + Double.random(in: 0...0.02, using: &random) + burst
        }
    }

    @Test func neverForecastsBelowTheHistorysMinimum() {
        let history = Self.idleCPU(days: 9)
        let plain = LoadForecast.forecast(history, season: Self.season, horizon: Self.season, options: .plain)
        let ours = LoadForecast.forecast(history, season: Self.season, horizon: Self.season)
        #expect(plain.contains { $0 < 0 }, "the case this guards against: additive seasons go below 0 here")
        #expect(ours.allSatisfy { $0 >= history.min()! })
        #expect(ours.count == Self.season)
    }

    @Test func idlePhasesStayAtTheFloor() {
        // A disk idle at exactly 0 but for two writes a day.
        let history = (0..<(6 * Self.season)).map { i -> Double in
            i % Self.season == 10 ? 5e8 : (i % Self.season == 30 ? 2e8 : 0)
        }
        let forecast = LoadForecast.forecast(history, season: Self.season, horizon: Self.season)
        for k in 0..<Self.season where k != 10 && k != 30 { #expect(forecast[k] == 0, "step \(k): \(forecast[k])") }
        #expect(forecast[10] > 0)
    }

    @Test func aGrowingLoadMayExceedItsPastPeakAndALevelOneMayNot() {
        let growing = (0..<(8 * Self.season)).map { i in
            100 + 40 * sin(Double(i % Self.season) / 48 * 2 * .pi) + Double(i)
        }
        let up = LoadForecast.forecast(growing, season: Self.season, horizon: Self.season)
        #expect(up.max()! > growing.max()!)

        var random = SplitMix64(seed: 4)
        let level = (0..<(8 * Self.season)).map { i in
            100 + 40 * sin(Double(i % Self.season) / 48 * 2 * .pi) + Double.random(in: -5...5, using: &random)
        }
        let flat = LoadForecast.forecast(level, season: Self.season, horizon: 3 * Self.season)
        #expect(flat.max()! <= level.max()!)
    }

    @Test func beatsPlainHoltWintersOnASkewedIdleSeries() {
        let values = Self.idleCPU(days: 10)
        let history = Array(values.dropLast(Self.season))
        let actual = Array(values.suffix(Self.season))
        let plain = LoadForecast.forecast(history, season: Self.season, horizon: Self.season, options: .plain)
        let ours = LoadForecast.forecast(history, season: Self.season, horizon: Self.season)
        #expect(
            ForecastAccuracy.smape(actual: actual, forecast: ours)
                < ForecastAccuracy.smape(actual: actual, forecast: plain))
        #expect(
            ForecastAccuracy.mase(actual: actual, forecast: ours, history: history, season: Self.season)
                < ForecastAccuracy.mase(actual: actual, forecast: plain, history: history, season: Self.season))
    }

    @Test func initialSeasonsAverageTheFirstCycles() {
        // With one season, an initial seasonal index is that one observation; with three, their mean.
        let values: [Double] = [9, 10, 0, 0, 0, 10, 0, 0, 0, 10, 0, 0]
        var one = HoltWinters(season: 4, alpha: 0, beta: 0, gamma: 0)
        one.train(Array(values.prefix(4)), initialSeasons: 1)
        var three = HoltWinters(season: 4, alpha: 0, beta: 0, gamma: 0)
        three.train(values, initialSeasons: 3)
        #expect(one.forecast(4)[0] - one.forecast(4)[2] == 9)
        #expect(abs(three.forecast(4)[0] - three.forecast(4)[2] - 3) < 1e-9)
    }
}
