import Foundation
import SwitchyardCore
import Yams

extension GatewayConfig {
    /// Parses YAML text, applies environment overrides, and checks it; every problem is reported at once, each
    /// with its place in the file (`switchyard.yaml:4:11: providers.a.kind: 'opnai' is not one of local, openai,
    /// anthropic`).
    /// - Parameters:
    ///   - text: The YAML.
    ///   - file: The file's name, for messages.
    ///   - environment: Variables that override provider settings (``applyEnvironment(_:)``).
    /// - Throws: `invalid_config` naming the file, line and column of each problem (in `details` when several).
    public static func parse(
        yaml text: String, file: String = "switchyard.yaml", environment: [String: String] = [:]
    ) throws -> GatewayConfig {
        let root: Node
        do {
            root = try Yams.compose(yaml: text) ?? Node.mapping(Node.Mapping([]))
        } catch {
            throw SwitchyardError(code: .invalidConfig, message: "\(file) is not valid YAML: \(error)", cause: error)
        }
        var problems: [String] = []
        var patched = root
        var config: GatewayConfig
        while true {
            do {
                config = try YAMLDecoder().decode(GatewayConfig.self, from: patched)
                break
            } catch let error as DecodingError {
                let place = Self.place(of: Self.path(error), in: root, file: file)
                // A value outside its set is reported and replaced by an accepted one, so the rest is checked too.
                if case .dataCorrupted(let context) = error,
                    let unaccepted = context.underlyingError as? UnacceptedConfigValue, problems.count < 100
                {
                    problems.append("\(place): \(describe(error))")
                    patched = Self.replacing(
                        at: context.codingPath[...], in: patched, with: Node(unaccepted.fallback))
                    continue
                }
                throw SwitchyardError(
                    code: .invalidConfig, message: "\(place): \(describe(error))", details: problems, cause: error)
            } catch {
                throw SwitchyardError(
                    code: .invalidConfig, message: "\(file) is not valid YAML: \(error)", cause: error)
            }
        }
        config.applyEnvironment(environment)
        for issue in config.issues() + Self.unknownTenantKeys(in: root) {
            problems.append("\(Self.place(of: issue.path, in: root, file: file)): \(issue.description)")
        }
        guard problems.isEmpty else {
            throw SwitchyardError(
                code: .invalidConfig,
                message: problems.count == 1
                    ? problems[0] : "\(file) has \(problems.count) problems; see the details",
                details: problems)
        }
        return config
    }

    /// Loads `path`; a missing file is an error naming it.
    /// - Parameters:
    ///   - path: The configuration file.
    ///   - environment: Variables that override provider settings.
    /// - Throws: `config_not_found` when there is no file; `invalid_config` as ``parse(yaml:file:environment:)``.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> GatewayConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(
                code: .configNotFound, message: "no configuration at \(path); create it (see docs/gateway.md)")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), file: path, environment: environment)
    }

    /// `SWITCHYARD_PROVIDER_<NAME>_BASE_URL` and `…_API_KEY_ENV` override a provider's settings.
    mutating func applyEnvironment(_ environment: [String: String]) {
        for name in providers.keys {
            let prefix = "SWITCHYARD_PROVIDER_\(name.uppercased().replacingOccurrences(of: "-", with: "_"))_"
            if let url = environment[prefix + "BASE_URL"] { providers[name]?.baseURL = url }
            if let keyEnv = environment[prefix + "API_KEY_ENV"] { providers[name]?.apiKeyEnv = keyEnv }
        }
    }

    /// Parses `30d`, `24h`, `90m`, `45s` into seconds.
    /// - Parameter text: A positive number followed by `d`, `h`, `m` or `s`.
    /// - Returns: The seconds, or nil when `text` is not such a duration.
    public static func duration(_ text: String) -> Double? {
        guard let unit = text.last, let value = Double(text.dropLast()), value > 0 else { return nil }
        switch unit {
        case "d": return value * 86400
        case "h": return value * 3600
        case "m": return value * 60
        case "s": return value
        default: return nil
        }
    }

    static func describe(_ error: DecodingError) -> String {
        let location = ConfigIssue.dotted(path(error).map(ConfigIssue.Step.init))
        switch error {
        case .keyNotFound(let key, _): return "\(location): missing '\(key.stringValue)'"
        case .typeMismatch(let type, _): return "\(location): expected \(type)"
        case .valueNotFound(let type, _): return "\(location): expected \(type), found null"
        case .dataCorrupted(let c): return "\(location): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    static func path(_ error: DecodingError) -> [any CodingKey] {
        switch error {
        case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return c.codingPath
        @unknown default: return []
        }
    }

    /// `file:line:column` of the deepest node on `path` (the whole file when the path finds nothing).
    static func place(of path: [any CodingKey], in root: Node, file: String) -> String {
        place(of: path.map(ConfigIssue.Step.init), in: root, file: file)
    }

    static func place(of path: [ConfigIssue.Step], in root: Node, file: String) -> String {
        var node = root
        var mark = root.mark
        for step in path {
            let next: Node?
            switch (step, node) {
            case (.index(let i), .sequence(let items)) where items.indices.contains(i): next = items[i]
            case (.key(let key), .mapping): next = node[key]
            case (.index(let i), .mapping): next = node[String(i)]
            default: next = nil
            }
            guard let next else { break }
            node = next
            mark = next.mark ?? mark
        }
        guard let mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }

    /// `node` with the value at `path` replaced.
    static func replacing(at path: ArraySlice<any CodingKey>, in node: Node, with value: Node) -> Node {
        guard let key = path.first else { return value }
        switch node {
        case .sequence(var items):
            guard let i = key.intValue, items.indices.contains(i) else { return node }
            items[i] = replacing(at: path.dropFirst(), in: items[i], with: value)
            return .sequence(items)
        case .mapping:
            var copy = node
            guard let child = node[key.stringValue] else { return node }
            copy[key.stringValue] = replacing(at: path.dropFirst(), in: child, with: value)
            return copy
        default:
            return node
        }
    }
}
