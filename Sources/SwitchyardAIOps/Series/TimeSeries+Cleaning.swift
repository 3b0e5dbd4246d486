/// What ``TimeSeries/cleaned()`` changed, so a caller can tell the user.
public struct CleaningReport: Sendable, Equatable {
    /// Points that came before an earlier timestamp (the series was sorted).
    public var outOfOrder = 0
    /// Points sharing a timestamp with another (the last one was kept).
    public var duplicates = 0
    /// NaN or infinite values (dropped).
    public var nonFinite = 0
    /// Steps longer than three times the median step (kept; detectors see the next value).
    public var gaps = 0

    public init() {}

    /// One line per kind of problem found, for people.
    public var notes: [String] {
        var out: [String] = []
        if outOfOrder > 0 { out.append("\(outOfOrder) point(s) out of time order: sorted by timestamp") }
        if duplicates > 0 { out.append("\(duplicates) duplicate timestamp(s): kept the last value of each") }
        if nonFinite > 0 { out.append("\(nonFinite) NaN or infinite value(s): dropped") }
        if gaps > 0 { out.append("\(gaps) gap(s) longer than 3× the median step") }
        return out
    }
}

extension TimeSeries {
    /// The series sorted by time, with duplicate timestamps collapsed (last value wins) and non-finite values
    /// dropped, plus a report of what was changed.
    public func cleaned() -> (TimeSeries, CleaningReport) {
        var report = CleaningReport()
        var indexed = Array(points.enumerated())
        for i in 1..<max(indexed.count, 1) where indexed[i].element.timestamp < indexed[i - 1].element.timestamp {
            report.outOfOrder += 1
        }
        if report.outOfOrder > 0 {
            indexed.sort { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }
        }
        var kept: [(Int, Point)] = []
        kept.reserveCapacity(indexed.count)
        for (offset, point) in indexed {
            guard point.value.isFinite, point.timestamp.isFinite else {
                report.nonFinite += 1
                continue
            }
            if let last = kept.last, last.1.timestamp == point.timestamp {
                report.duplicates += 1
                kept[kept.count - 1] = (offset, point)
            } else {
                kept.append((offset, point))
            }
        }
        if kept.count > 2 {
            var steps = zip(kept.dropFirst(), kept).map { $0.1.timestamp - $1.1.timestamp }
            steps.sort()
            let median = steps[steps.count / 2]
            if median > 0 {
                for (a, b) in zip(kept, kept.dropFirst()) where b.1.timestamp - a.1.timestamp > 3 * median {
                    report.gaps += 1
                }
            }
        }
        var copy = self
        copy.points = kept.map(\.1)
        if rawTimestamps.count == points.count { copy.rawTimestamps = kept.map { rawTimestamps[$0.0] } }
        return (copy, report)
    }
}
