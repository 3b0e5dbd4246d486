import SwitchyardCore

/// The detectors by name, for the CLI and the benchmark.
public struct DetectorKind: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let summary: String
    /// The score from which `aiops detect` reports a point: the threshold NAB's standard profile chose for this
    /// detector over the whole corpus (see docs/aiops.md).
    public let defaultThreshold: Double
    public var description: String { name }

    /// The strong detector (``ContextualDetector``), the default.
    public static let contextual = DetectorKind(
        name: "contextual",
        summary: "sequence, spatial, jump and seasonal-shape novelty + anomaly likelihood (default)",
        defaultThreshold: 0.5023)
    /// ``EWMAZScoreDetector``.
    public static let ewma = DetectorKind(name: "ewma", summary: "EWMA z-score", defaultThreshold: 0.7745)
    /// ``SeasonalMADDetector``.
    public static let seasonalMAD = DetectorKind(
        name: "seasonal-mad", summary: "daily seasonal median/MAD", defaultThreshold: 0.7701)
    /// ``ChangePointDetector``.
    public static let changePoint = DetectorKind(
        name: "changepoint", summary: "two-sided CUSUM change point", defaultThreshold: 0.5461)

    public static let all: [DetectorKind] = [.contextual, .ewma, .seasonalMAD, .changePoint]

    /// The kind called `name`.
    /// - Parameter name: The kind's name, in any case.
    /// - Throws: `SwitchyardError` `unknown_detector` listing the names there are.
    public static func named(_ name: String) throws -> DetectorKind {
        guard let kind = all.first(where: { $0.name == name.lowercased() }) else {
            throw SwitchyardError(
                code: .unknownDetector,
                message:
                    "no detector named \(Quote.short(name)); use one of: \(all.map(\.name).joined(separator: ", "))")
        }
        return kind
    }

    /// A fresh detector of this kind, with `overrides` applied where the kind has such settings.
    /// - Parameter overrides: Setting names and values (`alpha`; `cycles`, `rangeFloor`; `drift`, `h`, `alpha`, `rangeFloor`; or the contextual detector's).
    public func make(overrides: [String: Double] = [:]) -> any StreamingDetector {
        switch name {
        case "ewma": return EWMAZScoreDetector(alpha: overrides["alpha"] ?? 0.05)
        case "seasonal-mad":
            return SeasonalMADDetector(
                cycles: Int(overrides["cycles"] ?? 7), rangeFloor: overrides["rangeFloor"] ?? 0.1)
        case "changepoint":
            return ChangePointDetector(
                drift: overrides["drift"] ?? 0.5, h: overrides["h"] ?? 12, alpha: overrides["alpha"] ?? 0.01,
                rangeFloor: overrides["rangeFloor"] ?? 0.1)
        default: return ContextualDetector(settings: .init(overrides: overrides))
        }
    }
}
