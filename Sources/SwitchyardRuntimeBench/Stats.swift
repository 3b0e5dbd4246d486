import Foundation
import SwitchyardCore

/// Percentiles of durations given in seconds, as milliseconds with two decimals.
func percentiles(_ seconds: [Double]) -> JSONValue {
    guard !seconds.isEmpty else { return .null }
    let sorted = seconds.sorted()
    func at(_ q: Double) -> JSONValue { ms(sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]) }
    return [
        "n": .int(sorted.count), "p50_ms": at(0.5), "p90_ms": at(0.9), "p99_ms": at(0.99),
        "max_ms": ms(sorted[sorted.count - 1]), "mean_ms": ms(sorted.reduce(0, +) / Double(sorted.count)),
    ]
}

/// Seconds as milliseconds, two decimals.
func ms(_ seconds: Double) -> JSONValue { .double((seconds * 100_000).rounded() / 100) }

/// A value with `places` decimals.
func rounded(_ value: Double, _ places: Int = 2) -> JSONValue {
    let scale = pow(10, Double(places))
    return .double((value * scale).rounded() / scale)
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double { (ContinuousClock.now - start).inSeconds }

/// The median of `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
