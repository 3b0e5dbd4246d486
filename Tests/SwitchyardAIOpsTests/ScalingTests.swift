import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

@Suite struct ScalingTests {
    /// A daily (48-step) load with a trend.
    static func load(days: Int) -> TimeSeries {
        let points = (0..<(48 * days)).map { (i: Int) -> TimeSeries.Point in
            let phase: Double = Double(i % 48) / 48 * 2 * Double.pi
            let value: Double = 100 + 50 * sin(phase) + Double(i) * 0.1
            return TimeSeries.Point(timestamp: 1_700_000_000 + Double(i) * 1_800, value: value)
        }
        return TimeSeries(name: "load", points: points)
    }

    @Test func holtWintersBeatsSeasonalNaiveOnATrendingSeason() {
        let values = Self.load(days: 10).points.map(\.value)
        let history = Array(values.prefix(48 * 9))
        let actual = Array(values.suffix(48))
        let model = HoltWinters.fit(history, season: 48)
        let ours = ForecastAccuracy.mase(actual: actual, forecast: model.forecast(48), history: history, season: 48)
        let naive = ForecastAccuracy.mase(
            actual: actual, forecast: ForecastAccuracy.seasonalNaive(history: history, season: 48, horizon: 48),
            history: history, season: 48)
        #expect(ours < naive)
        #expect(ForecastAccuracy.smape(actual: [1, 0], forecast: [1, 0]) == 0)
    }

    @Test func recommendsReplicasWithinBoundsAndRefusesShortSeries() throws {
        var settings = ScalingPlan.Settings(capacityPerReplica: 40)
        settings.season = 48
        settings.horizon = 48
        settings.maxReplicas = 5
        let plan = try ScalingPlan.recommend(Self.load(days: 4), settings: settings)
        #expect(plan.steps.count == 48)
        #expect(plan.peakReplicas == 5)
        #expect(plan.steps.allSatisfy { $0.replicas >= 1 && $0.replicas <= 5 })

        let short = TimeSeries(name: "x", points: [.init(timestamp: 0, value: 1), .init(timestamp: 60, value: .nan)])
        #expect(throws: SwitchyardError.self) { try ScalingPlan.recommend(short, settings: settings) }
        do {
            _ = try ScalingPlan.recommend(short, settings: settings)
        } catch let error as SwitchyardError {
            #expect(error.code == .seriesTooShort)
        }
        settings.capacityPerReplica = 0
        #expect(throws: SwitchyardError.self) { try ScalingPlan.recommend(Self.load(days: 2), settings: settings) }
    }

    @Test func scaledObjectsPassTheKEDASchema() throws {
        var settings = ScalingPlan.Settings(capacityPerReplica: 40)
        settings.season = 48
        settings.horizon = 48
        let plan = try ScalingPlan.recommend(Self.load(days: 4), settings: settings)
        let target = KEDAScaledObject.Target(name: "web-forecast", deployment: "web")
        let cron = KEDAScaledObject.cron(target: target, plan: plan, minReplicas: 1, maxReplicas: 10)
        let prometheus = KEDAScaledObject.prometheus(
            target: target, plan: plan, serverAddress: "http://prometheus:9090", query: "load_forecast",
            capacityPerReplica: 40, minReplicas: 1, maxReplicas: 10)
        guard case .array(let triggers) = cron["spec"]?["triggers"] else {
            Issue.record("no triggers")
            return
        }
        #expect(!triggers.isEmpty)
        #expect(KEDAScaledObject.cronExpression(1_700_000_000) == "13 22 14 11 *")
        guard let schema = AIOpsTestFiles.kedaSchema else { return }
        #expect(try KEDAScaledObject.validate(cron, schemaPath: schema).isEmpty)
        #expect(try KEDAScaledObject.validate(prometheus, schemaPath: schema).isEmpty)
        guard case .object(var broken) = prometheus, case .object(var spec) = broken["spec"]! else { return }
        spec["scaleTargetRef"] = nil
        broken["spec"] = .object(spec)
        #expect(try !KEDAScaledObject.validate(.object(broken), schemaPath: schema).isEmpty)
    }
}
