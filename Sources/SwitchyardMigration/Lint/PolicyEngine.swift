import Foundation
import SwitchyardCore
import Yams

/// Policy as code over emitted manifests: rules in YAML, each finding naming the rule, the object and the fix.
public struct PolicyEngine: Sendable {
    /// The rules, in file order.
    public var rules: [PolicyRule]

    /// Makes an engine from rules.
    /// - Parameter rules: the rules, evaluated in order.
    public init(rules: [PolicyRule]) { self.rules = rules }

    /// The shipped default policy (`Policies/default.yaml`).
    /// - Throws: `policy_missing` or `invalid_policy`.
    public static func shipped() throws(SwitchyardError) -> PolicyEngine {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Policies/default.yaml"),
            let data = try? Data(contentsOf: url)
        else {
            throw SwitchyardError(code: .policyMissing, message: "the shipped policy cannot be read: reinstall")
        }
        return try PolicyEngine(yaml: String(decoding: data, as: UTF8.self), file: "default.yaml")
    }

    /// Parses rules from YAML text.
    /// - Parameters:
    ///   - yaml: the policy file's text.
    ///   - file: the name to give in errors.
    /// - Throws: `invalid_policy` naming the file, the line and column of a YAML syntax error, or the rule and
    ///   field that is missing or of the wrong type.
    public init(yaml: String, file: String) throws(SwitchyardError) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw SwitchyardError(code: .invalidPolicy, message: "\(file): not valid YAML: \(error)")
        } catch {
            throw SwitchyardError(code: .invalidPolicy, message: "\(file): not valid YAML: \(error)")
        }
        guard let list = node?.mapping?["rules"]?.sequence else {
            throw SwitchyardError(code: .invalidPolicy, message: "\(file):1:1: expected a top-level 'rules:' list")
        }
        var rules: [PolicyRule] = []
        var seen: Set<String> = []
        for item in list {
            let place = "\(file):\(item.mark?.line ?? 0):\(item.mark?.column ?? 0)"
            func fail(_ message: String) -> SwitchyardError {
                SwitchyardError(code: .invalidPolicy, message: "\(place): \(message)")
            }
            guard let map = item.mapping else { throw fail("each rule is a mapping with id, match, a check and fix") }
            guard let id = map["id"]?.string, !id.isEmpty else { throw fail("a rule has no 'id'") }
            guard seen.insert(id).inserted else { throw fail("rule id '\(id)' is used twice") }
            guard let fix = map["fix"]?.string else { throw fail("rule '\(id)' has no 'fix' text") }
            let severityText = map["severity"]?.string ?? "error"
            guard let severity = LintFinding.Severity(rawValue: severityText) else {
                throw fail("rule '\(id)': severity must be error or warning, not '\(severityText)'")
            }
            let match = map["match"]?.mapping
            let kinds = match?["kinds"]?.sequence?.compactMap(\.string) ?? ["*"]
            var labels: [String: String] = [:]
            for (k, v) in match?["labels"]?.mapping ?? [:] {
                guard let key = k.string, let value = v.string else { throw fail("rule '\(id)': labels are strings") }
                labels[key] = value
            }
            let check: PolicyRule.Check
            if let require = map["require"] {
                guard let paths = require.sequence?.compactMap(\.string), !paths.isEmpty else {
                    throw fail("rule '\(id)': require is a list of paths")
                }
                check = .require(paths)
            } else if let forbid = map["forbid"]?.mapping {
                guard let path = forbid["path"]?.string, let values = forbid["values"]?.sequence else {
                    throw fail("rule '\(id)': forbid needs path and values")
                }
                check = .forbid(path: path, values: values.map(PolicyEngine.json))
            } else if let forbid = map["forbidPattern"]?.mapping {
                guard let paths = forbid["paths"]?.sequence?.compactMap(\.string),
                    let pattern = forbid["pattern"]?.string
                else { throw fail("rule '\(id)': forbidPattern needs paths and pattern") }
                do { _ = try Regex(pattern) } catch {
                    throw fail("rule '\(id)': pattern \(String(reflecting: pattern)) is not a regular expression")
                }
                check = .forbidPattern(paths: paths, pattern: pattern)
            } else if let plan = map["plan"]?.string {
                guard plan == "one-wave-per-vm" else {
                    throw fail("rule '\(id)': unknown plan check '\(plan)' (known: one-wave-per-vm)")
                }
                check = .plan(plan)
            } else {
                throw fail("rule '\(id)' has no check: give require, forbid, forbidPattern or plan")
            }
            rules.append(
                PolicyRule(
                    id: id, description: map["description"]?.string ?? "", severity: severity, kinds: kinds,
                    labels: labels, check: check, fix: fix))
        }
        self.rules = rules
    }

    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let s):
            if let b = Bool.construct(from: s) { return .bool(b) }
            if let i = Int.construct(from: s) { return .int(i) }
            return .string(s.string)
        case .sequence(let seq): return .array(seq.map(json))
        case .mapping(let map):
            var o: [String: JSONValue] = [:]
            for (k, v) in map { o[k.string ?? ""] = json(v) }
            return .object(o)
        case .alias: return .null
        }
    }

    /// Every violation in `manifests`.
    /// - Parameter expectedVMs: the target VM names (the `migration.switchyard.io/source-vm` label values) that
    ///   must each have exactly one VirtualMachine, for `one-wave-per-vm`.
    public func evaluate(_ manifests: [Manifest], expectedVMs: [String]) -> [LintFinding] {
        var findings: [LintFinding] = []
        for rule in rules {
            func add(_ manifest: Manifest?, _ pointer: String, _ message: String) {
                let object = manifest.map { "\($0.path)#\($0.reference)" } ?? "(plan)"
                findings.append(
                    LintFinding(
                        rule: rule.id, object: object, pointer: pointer, message: message, fix: rule.fix,
                        severity: rule.severity))
            }
            let matching = manifests.filter { rule.matches($0.object) }
            switch rule.check {
            case .require(let paths):
                for manifest in matching {
                    for path in paths where PolicyPath.values(path, in: manifest.object).isEmpty {
                        add(manifest, "", "\(path) is not set")
                    }
                }
            case .forbid(let path, let values):
                for manifest in matching {
                    for (pointer, value) in PolicyPath.values(path, in: manifest.object) where values.contains(value) {
                        add(manifest, pointer, "\(path) is \(value.jsonText), which is forbidden")
                    }
                }
            case .forbidPattern(let paths, let pattern):
                guard let regex = try? Regex(pattern) else { continue }
                for manifest in matching {
                    for path in paths {
                        for (pointer, value) in PolicyPath.values(path, in: manifest.object) {
                            if let s = value.stringValue, s.contains(regex) {
                                add(manifest, pointer, "\(String(reflecting: s)) matches the forbidden pattern")
                            }
                        }
                    }
                }
            case .plan:
                var waves: [String: [(Manifest, String)]] = [:]
                for manifest in matching {
                    let labels = manifest.object["metadata"]?["labels"]
                    let source = labels?[KubeVirtTranspiler.Labels.sourceVM]?.stringValue ?? manifest.name
                    let wave = labels?[KubeVirtTranspiler.Labels.wave]?.stringValue ?? ""
                    waves[source, default: []].append((manifest, wave))
                    if wave.isEmpty || Int(wave) != manifest.wave {
                        add(
                            manifest, "/metadata/labels",
                            "the wave label \(String(reflecting: wave)) does not "
                                + "match the directory's wave \(manifest.wave)")
                    }
                }
                for (source, list) in waves.sorted(by: { $0.key < $1.key }) where list.count > 1 {
                    add(
                        list[1].0, "",
                        "source VM \(String(reflecting: source)) is emitted \(list.count) times, in "
                            + "waves \(list.map(\.1).joined(separator: ", "))")
                }
                for vm in expectedVMs where waves[vm] == nil {
                    add(nil, "", "source VM \(String(reflecting: vm)) is in no wave")
                }
            }
        }
        return findings
    }
}
