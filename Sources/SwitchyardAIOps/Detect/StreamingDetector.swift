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
    /// - Parameter series: The series, in time order.
    public mutating func scores(_ series: TimeSeries) -> [Double] {
        series.points.map { score($0.value, timestamp: $0.timestamp) }
    }
}

/// Maps a deviation in (robust) standard deviations to a score in [0, 1) that never reaches 1: z / (z + 3), so
/// 3 deviations score 0.5, 9 score 0.75, 97 score 0.97.
///
/// A probability such as 1 − 2·Q(z) rounds to exactly 1 from z ≈ 8.3 on, so every large deviation of a corpus
/// ties at 1 and NAB's threshold sweep (which can only cut between distinct scores) must take all of them or
/// none; on NAB that tie held 16,723 false positives for the seasonal baseline, whose best threshold was then
/// never to fire. This map keeps every deviation distinct.
enum DeviationScore {
    /// The score of a deviation of `z` standard deviations (negative values count as their size).
    static func of(_ z: Double) -> Double {
        let size = abs(z)
        guard size.isFinite else { return size.isNaN ? 0 : 1 }
        return size / (size + 3)
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
