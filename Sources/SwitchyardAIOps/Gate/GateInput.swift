import Foundation
import SwitchyardCore

/// Reading the gate's inputs: JSON Lines of figures (a benchmark's last line, or one past build a line) and
/// JUnit XML (test durations, failure and error rates).
public enum GateInput {
    /// Flattens the numbers of a JSON object into dotted names (`detectors.contextual.standard`); booleans and
    /// strings are skipped.
    /// - Parameters:
    ///   - value: A JSON value.
    ///   - prefix: The dotted name so far.
    public static func flatten(_ value: JSONValue, prefix: String = "") -> [String: Double] {
        var out: [String: Double] = [:]
        switch value {
        case .int(let i): out[prefix] = Double(i)
        case .double(let d): out[prefix] = d
        case .object(let members):
            for (k, v) in members {
                out.merge(flatten(v, prefix: prefix.isEmpty ? k : prefix + "." + k)) { $1 }
            }
        default: break
        }
        return out
    }

    /// One dictionary of figures per non-blank line; a line `{"metrics": {…}}` contributes its `metrics`.
    /// - Parameters:
    ///   - text: JSON Lines.
    ///   - source: The file name for error messages.
    /// - Throws: `SwitchyardError` `invalid_json` naming the file and line.
    public static func jsonLines(_ text: String, source: String) throws -> [[String: Double]] {
        var out: [[String: Double]] = []
        for (n, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineBreak).enumerated() {
            if line.trimmingSpaces.isEmpty { continue }
            let value: JSONValue
            do { value = try JSONValue(parsing: String(line)) } catch {
                throw SwitchyardError(
                    code: .invalidJSON, message: "\(source):\(n + 1): not a JSON object (\(Quote.short(String(line))))")
            }
            guard case .object = value else {
                throw SwitchyardError(code: .invalidJSON, message: "\(source):\(n + 1): expected a JSON object")
            }
            out.append(flatten(value["metrics"] ?? value))
        }
        return out
    }

    /// Figures from JUnit XML: `test.<classname>.<name>.seconds` per test case, `tests.total`,
    /// `tests.failure_rate` and `tests.error_rate`.
    /// - Parameters:
    ///   - text: JUnit XML.
    ///   - source: The file name for error messages.
    /// - Throws: `SwitchyardError` `invalid_junit` when no `<testcase>` is found.
    public static func junit(_ text: String, source: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        var total = 0
        var failures = 0
        var errors = 0
        var rest = Substring(text)
        while let open = rest.range(of: "<testcase") {
            let afterTag = rest[open.upperBound...]
            guard let close = afterTag.firstIndex(of: ">") else { break }
            let attributes = afterTag[..<close]
            let selfClosing = attributes.hasSuffix("/")
            var body: Substring = ""
            if !selfClosing, let end = afterTag.range(of: "</testcase>") {
                body = afterTag[close..<end.lowerBound]
            }
            let name = attribute("name", in: attributes) ?? "test\(total)"
            let classname = attribute("classname", in: attributes).map { $0 + "." } ?? ""
            if let time = attribute("time", in: attributes).flatMap(Double.init) {
                out["test.\(classname)\(name).seconds"] = time
            }
            total += 1
            if body.contains("<failure") { failures += 1 }
            if body.contains("<error") { errors += 1 }
            rest = afterTag[close...]
        }
        guard total > 0 else {
            throw SwitchyardError(code: .invalidJunit, message: "\(source): no <testcase> element (is it JUnit XML?)")
        }
        out["tests.total"] = Double(total)
        out["tests.failure_rate"] = Double(failures) / Double(total)
        out["tests.error_rate"] = Double(errors) / Double(total)
        return out
    }

    private static func attribute(_ name: String, in text: Substring) -> String? {
        guard let r = text.range(of: " \(name)=\"") else { return nil }
        let tail = text[r.upperBound...]
        guard let end = tail.firstIndex(of: "\"") else { return nil }
        return String(tail[..<end])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The findings as a JUnit XML report: one test case per figure, a failure per regression.
    /// - Parameter findings: The gate's findings.
    public static func junitReport(_ findings: [RegressionGate.Finding]) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let failures = findings.filter { $0.verdict == .regression }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuite name=\"switchyard-gate\" tests=\"\(findings.count)\" failures=\"\(failures)\">\n"
        for f in findings {
            xml += "  <testcase classname=\"gate\" name=\"\(escape(f.metric))\""
            if f.verdict == .regression {
                xml += ">\n    <failure message=\"\(escape(f.explanation))\"/>\n  </testcase>\n"
            } else {
                xml += ">\n    <system-out>\(escape(f.explanation))</system-out>\n  </testcase>\n"
            }
        }
        return xml + "</testsuite>\n"
    }
}
