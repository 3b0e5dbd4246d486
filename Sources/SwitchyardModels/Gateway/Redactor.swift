import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// Finds secrets in text before it leaves for an external provider, and masks them or refuses the request.
///
/// Detects common API key formats (OpenAI, Anthropic, AWS access keys, GitHub, Slack, Google, Stripe), PEM private
/// keys, JWTs, passwords in URLs (`scheme://user:password@host`) and in assignments (`password = …`,
/// `api_key: …`, `secret=…`, `token: …`). Masking keeps the kind visible: `[REDACTED:openai_key]`.
public struct Redactor: Sendable {
    /// What to do when a secret is found: the configuration's `redaction` (`mask`, `block` or `off`), parsed once
    /// at load. A struct with static members, so a new mode breaks no one's `switch`.
    public struct Policy: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The name the configuration file uses.
        public let rawValue: String

        /// The policy spelled `rawValue`; nil for anything but `mask`, `block` and `off`.
        public init?(rawValue: String) {
            guard let policy = Self.accepted(rawValue) else { return nil }
            self = policy
        }

        private init(known: String) { rawValue = known }

        /// Replace each secret with `[REDACTED:kind]`.
        public static let mask = Policy(known: "mask")
        /// Refuse the request with `secret_detected`.
        public static let block = Policy(known: "block")
        /// Send as is (local models only).
        public static let off = Policy(known: "off")

        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            self = try Self.decode(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    /// A secret found in a text.
    public struct Finding: Sendable, Hashable {
        public var kind: String
        public var range: Range<String.Index>
    }

    struct Rule: @unchecked Sendable {
        let kind: String
        let regex: NSRegularExpression
        /// The capture group holding the secret (0: the whole match).
        let group: Int
    }

    static let rules: [Rule] = {
        func rule(_ kind: String, _ pattern: String, group: Int = 0, options: NSRegularExpression.Options = []) -> Rule
        {
            Rule(kind: kind, regex: try! NSRegularExpression(pattern: pattern, options: options), group: group)
        }
        return [
            rule("private_key", "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----"),
            rule("anthropic_key", "\\bsk-ant-[A-Za-z0-9_-]{20,}"),
            rule("openai_key", "\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
            rule("aws_access_key", "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
            rule("github_token", "\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"),
            rule("slack_token", "\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
            rule("google_api_key", "\\bAIza[0-9A-Za-z_-]{35}"),
            rule("stripe_key", "\\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}"),
            rule("jwt", "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
            rule(
                "url_password", "\\b[a-z][a-z0-9+.-]*://[^\\s:/@]+:([^\\s@/]+)@", group: 1, options: [.caseInsensitive]),
            rule(
                "assigned_secret",
                "(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|token)\\s*[:=]\\s*[\"']?([^\\s\"',;]{6,})",
                group: 1, options: [.caseInsensitive]),
        ]
    }()

    public let policy: Policy

    /// A redactor applying `policy`.
    /// - Parameter policy: `mask` (default), `block` or `off`.
    public init(policy: Policy = .mask) { self.policy = policy }

    /// Every secret in `text`, earliest first, without overlaps.
    /// - Parameter text: The text to search.
    public func findings(in text: String) -> [Finding] {
        let ns = text as NSString
        var found: [(NSRange, String)] = []
        for rule in Self.rules {
            for match in rule.regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let range = match.range(at: rule.group)
                guard range.location != NSNotFound else { continue }
                if !found.contains(where: { NSIntersectionRange($0.0, range).length > 0 }) {
                    found.append((range, rule.kind))
                }
            }
        }
        return found.sorted { $0.0.location < $1.0.location }.compactMap { range, kind in
            Range(range, in: text).map { Finding(kind: kind, range: $0) }
        }
    }

    /// Applies the policy to one text: the masked text, or an error naming what was found.
    /// - Parameters:
    ///   - text: The text to check.
    ///   - field: What the text is, for the error message.
    /// - Throws: `secret_detected` when the policy is `block` and `text` holds a secret.
    public func apply(to text: String, field: String) throws -> String {
        guard policy != .off else { return text }
        let found = findings(in: text)
        guard !found.isEmpty else { return text }
        if policy == .block {
            throw SwitchyardError(
                code: .secretDetected,
                message: "\(field) holds \(found.count) secret\(found.count == 1 ? "" : "s") ("
                    + Set(found.map(\.kind)).sorted().joined(separator: ", ")
                    + "); the request was not sent. Remove them, or set the redaction policy to mask")
        }
        var result = text
        for finding in found.reversed() { result.replaceSubrange(finding.range, with: "[REDACTED:\(finding.kind)]") }
        return result
    }

    /// Applies the policy to every message of a request.
    /// - Parameter request: The request to redact.
    /// - Throws: `secret_detected` when the policy is `block` and a message holds a secret.
    public func apply(to request: ChatRequest) throws -> ChatRequest {
        var copy = request
        for i in copy.messages.indices {
            copy.messages[i].content = try apply(
                to: copy.messages[i].content, field: "message \(i) (\(copy.messages[i].role.rawValue))")
        }
        return copy
    }
}

extension Redactor.Policy: ConfigValue {
    static let accepted: [Redactor.Policy] = [.mask, .block, .off]
}
