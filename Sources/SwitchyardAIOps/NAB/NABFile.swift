/// One NAB data file with its labelled anomaly windows as row indices (inclusive).
public struct NABFile: Sendable {
    /// `<category>/<file>.csv`, the key NAB's label files use.
    public var key: String
    public var series: TimeSeries
    /// Each window's first and last row index, in time order.
    public var windows: [ClosedRange<Int>]

    /// One data file.
    /// - Parameters:
    ///   - key: `<category>/<file>.csv`.
    ///   - series: The data.
    ///   - windows: The labelled windows as row indices.
    public init(key: String, series: TimeSeries, windows: [ClosedRange<Int>]) {
        self.key = key
        self.series = series
        self.windows = windows
    }

    /// The category folder (`realKnownCause`, …).
    public var category: String { String(key.split(separator: "/").first ?? "") }
    /// The file name without its folder (`nyc_taxi.csv`).
    public var fileName: String { String(key.split(separator: "/").last ?? "") }

    /// NAB's probationary period: the first min(⌊0.15·n⌋, 750) rows are not scored.
    /// - Parameter rows: The file's number of rows.
    public static func probationaryLength(rows: Int) -> Int {
        min(rows * 15 / 100, 750)
    }
}
