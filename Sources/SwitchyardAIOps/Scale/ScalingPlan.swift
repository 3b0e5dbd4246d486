import SwitchyardCore

/// A replica recommendation ahead of demand: a load series is forecast with ``LoadForecast`` and each future
/// step gets ⌈load / capacity per replica⌉ replicas (within the bounds), taken `leadSteps` early so pods are
/// ready when the load arrives.
public struct ScalingPlan: Sendable, Equatable {
    /// One future step.
    public struct Step: Sendable, Equatable {
        public var timestamp: Double
        public var forecast: Double
        public var replicas: Int
    }

    public var steps: [Step]
    /// The largest number of replicas the horizon needs.
    public var peakReplicas: Int { steps.map(\.replicas).max() ?? 0 }

    /// The settings of a recommendation.
    public struct Settings: Sendable, Equatable {
        /// Load one replica serves (in the series' unit).
        public var capacityPerReplica: Double
        public var minReplicas = 1
        public var maxReplicas = 100
        /// Steps per season (288: a day of 5-minute samples).
        public var season = 288
        /// Steps to forecast.
        public var horizon = 288
        /// Steps of lead: step t gets the replicas that step t + lead needs.
        public var leadSteps = 2

        /// Settings with the defaults but the capacity.
        /// - Parameter capacityPerReplica: Load one replica serves (in the series' unit).
        public init(capacityPerReplica: Double) { self.capacityPerReplica = capacityPerReplica }
    }

    /// Forecasts `series` and recommends replicas per step.
    /// - Parameters:
    ///   - series: The load series.
    ///   - settings: Capacity, bounds, season, horizon and lead.
    /// - Throws: `SwitchyardError` `series_too_short` for fewer than 3 finite points, `invalid_arguments` for a
    ///   capacity ≤ 0 or bounds out of order.
    public static func recommend(_ series: TimeSeries, settings: Settings) throws -> ScalingPlan {
        guard settings.capacityPerReplica > 0, settings.minReplicas >= 0,
            settings.maxReplicas >= settings.minReplicas, settings.horizon > 0
        else {
            throw SwitchyardError(
                code: .invalidArguments,
                message: "capacity per replica must be > 0, 0 ≤ min replicas ≤ max replicas, horizon > 0")
        }
        let (clean, _) = series.cleaned()
        guard clean.points.count >= 3 else {
            throw SwitchyardError(
                code: .seriesTooShort,
                message:
                    "\(series.identifier): \(clean.points.count) finite point(s); at least 3 are needed to forecast")
        }
        let values = clean.points.map(\.value)
        let times = clean.points.map(\.timestamp)
        let step = max(1, (times.last! - times.first!) / Double(times.count - 1))
        let forecast = LoadForecast.forecast(
            values, season: settings.season, horizon: settings.horizon + settings.leadSteps)
        func replicas(_ load: Double) -> Int {
            let needed = Int((max(0, load) / settings.capacityPerReplica).rounded(.up))
            return min(settings.maxReplicas, max(settings.minReplicas, needed))
        }
        let steps = (0..<settings.horizon).map { k in
            let ahead = forecast[k...min(forecast.count - 1, k + settings.leadSteps)].max() ?? forecast[k]
            return Step(timestamp: times.last! + Double(k + 1) * step, forecast: forecast[k], replicas: replicas(ahead))
        }
        return ScalingPlan(steps: steps)
    }
}
