import SwitchyardCore

/// The detectors by name, for the CLI and the benchmark.
public struct DetectorKind: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let summary: String
    /// The score from which `aiops detect` reports a point: for the contextual detector the threshold NAB's
    /// standard profile chose over the whole corpus (see docs/aiops.md); for the baselines a conservative cut.
    public let defaultThreshold: Double
    public var description: String { name }

    /// The strong detector (``ContextualDetector``), the default.
    public static let contextual = DetectorKind(
        name: "contextual",
        summary: "sequence, spatial, jump and seasonal-shape novelty + anomaly likelihood (default)",
        defaultThreshold: 0.5023)
    /// ``EWMAZScoreDetector``.
    public static let ewma = DetectorKind(name: "ewma", summary: "EWMA z-score", defaultThreshold: 0.9999)
    /// ``SeasonalMADDetector``.
    public static let seasonalMAD = DetectorKind(
        name: "seasonal-mad", summary: "daily seasonal median/MAD", defaultThreshold: 0.999)
    /// ``ChangePointDetector``.
    public static let changePoint = DetectorKind(
        name: "changepoint", summary: "two-sided CUSUM change point", defaultThreshold: 1)

    public static let all: [DetectorKind] = [.contextual, .ewma, .seasonalMAD, .changePoint]

    /// The kind called `name`.
    /// - Parameter name: `contextual`, `ewma`, `seasonal-mad` or `changepoint` (any case).
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
    /// - Parameter overrides: Setting name → value (sweeps only).
    public func make(overrides: [String: Double] = [:]) -> any StreamingDetector {
        switch name {
        case "ewma": return EWMAZScoreDetector(alpha: overrides["alpha"] ?? 0.05)
        case "seasonal-mad": return SeasonalMADDetector(cycles: Int(overrides["cycles"] ?? 7))
        case "changepoint": return ChangePointDetector(h: overrides["h"] ?? 8)
        default: return ContextualDetector(settings: .init(overrides: overrides))
        }
    }
}
