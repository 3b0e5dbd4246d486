import Foundation
import SwitchyardCore

/// One run of the CI gate: a build's figures read from files, judged against their history.
///
/// What `switchyard aiops gate` does, as a library call: exit 0 when nothing regressed, 1 when something did,
/// and (from the CLI) 2 when the inputs cannot be read.
public struct GateRun: Sendable {
    public var findings: [RegressionGate.Finding]
    /// The current build's figures, merged from every input.
    public var current: [String: Double]

    /// The regressions among the findings.
    public var regressions: [RegressionGate.Finding] { findings.filter { $0.verdict == .regression } }
    /// 0 when nothing regressed, 1 otherwise.
    public var exitCode: Int32 { regressions.isEmpty ? 0 : 1 }

    /// Reads the history (JSON Lines, one past build a line) and the current build's figures (JSON Lines files,
    /// merged, later lines winning; and JUnit XML files), then judges every current figure.
    /// - Parameters:
    ///   - baseline: The history file, JSON Lines.
    ///   - current: This build's figures: JSON Lines or JUnit XML files.
    ///   - junit: This build's JUnit XML files.
    ///   - gate: The thresholds.
    /// - Throws: `SwitchyardError` `file_not_found`, `invalid_json`, `invalid_junit`, or `empty_input` when
    ///   the current build has no figure at all.
    public static func run(
        baseline: String, current: [String], junit: [String] = [], gate: RegressionGate = RegressionGate()
    ) throws -> GateRun {
        let history = try GateInput.jsonLines(try read(baseline), source: baseline)
        var figures: [String: Double] = [:]
        for path in current {
            let text = try read(path)
            if text.drop(while: \.isWhitespace).hasPrefix("<") {
                figures.merge(try GateInput.junit(text, source: path)) { $1 }
            } else {
                for line in try GateInput.jsonLines(text, source: path) { figures.merge(line) { $1 } }
            }
        }
        for path in junit { figures.merge(try GateInput.junit(try read(path), source: path)) { $1 } }
        guard !figures.isEmpty else {
            throw SwitchyardError(
                code: .emptyInput,
                message: "the current build has no figures: give --current or --junit files with numbers")
        }
        return GateRun(findings: gate.evaluate(history: history, current: figures), current: figures)
    }

    /// The current figures as one JSON line, to append to the history.
    public var historyLine: String {
        JSONValue.object(current.mapValues { .double($0) }).jsonText
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(code: .fileNotFound, message: "cannot read '\(path)': no such readable file")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
