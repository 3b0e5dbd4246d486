/// A detector that scores a series one value at a time with bounded memory.
///
/// `score` returns an anomaly score in [0, 1]; higher is more anomalous. A detector sees each value once and
/// keeps only a fixed-size summary of the past, so it runs on an endless stream.
public protocol StreamingDetector: Sendable {
    /// Scores the next value of the series.
    /// - Parameters:
    ///   - value: a finite value (clean inputs with ``TimeSeries/cleaned()`` first).
    ///   - timestamp: its time in Unix seconds, non-decreasing from call to call.
    mutating func score(_ value: Double, timestamp: Double) -> Double
}

extension StreamingDetector {
    /// Scores every point of `series` in order.
    /// - Parameter series: The points to score, in order.
    public mutating func scores(_ series: TimeSeries) -> [Double] {
        series.points.map { score($0.value, timestamp: $0.timestamp) }
    }
}

/// Standard-normal helpers.
enum Normal {
    /// The upper tail probability Q(z) = P(Z > z).
    static func tail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
