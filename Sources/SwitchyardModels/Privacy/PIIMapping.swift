import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// The reversible side of masking, for one request: which placeholder stands for which original, as Presidio's
/// anonymize / deanonymize keeps it. Built by ``PIIRedactor/mask(_:)`` before a request leaves and used to fill the
/// answer back; it lives only as long as the call and is never stored, sent or logged (its `description` and
/// mirror name no original).
///
/// The same value gets the same placeholder everywhere in the request (`<EMAIL_1>` each time the address
/// appears, whatever its spelling: `Ana@Example.com` and `ana@example.com` are one address; `4111 1111 1111 1111`
/// and `4111111111111111` one card). Numbers count per class from 1, skipping any placeholder the request
/// already holds as text, so a literal `<EMAIL_1>` a user wrote is never filled with someone's address.
public struct PIIMapping: Sendable, CustomStringConvertible, CustomReflectable {
    /// class + canonical form → placeholder.
    private var byValue: [String: String] = [:]
    /// placeholder → the first spelling seen.
    private var byPlaceholder: [String: String] = [:]
    private var counters: [String: Int] = [:]
    /// Placeholders that occur in the request's own text: never handed out.
    private var reserved: Set<String> = []

    /// An empty mapping (nothing masked: restoring changes nothing).
    public init() {}

    /// Whether nothing was masked.
    public var isEmpty: Bool { byPlaceholder.isEmpty }

    /// How many distinct values were masked.
    public var count: Int { byPlaceholder.count }

    public var description: String { "PIIMapping(\(count) masked value\(count == 1 ? "" : "s"))" }

    public var customMirror: Mirror { Mirror(self, children: ["count": count]) }

    /// Keeps every placeholder-shaped text in `text` out of the numbering.
    mutating func reserve(placeholdersIn text: String) {
        guard text.contains("<") else { return }
        PIIPlaceholder.scan(text) { placeholder, _ in
            reserved.insert(placeholder)
            return nil
        }
    }

    /// The placeholder for `original` of class `type`, numbering it the first time.
    mutating func placeholder(for original: String, type: PIIClass) -> String {
        let key = "\(type.rawValue)|\(Self.canonical(original, type: type))"
        if let known = byValue[key] { return known }
        var number = counters[type.label, default: 0]
        var placeholder: String
        repeat {
            number += 1
            placeholder = PIIPlaceholder.text(label: type.label, number: number)
        } while reserved.contains(placeholder)
        counters[type.label] = number
        byValue[key] = placeholder
        byPlaceholder[placeholder] = original
        return placeholder
    }

    /// `text` with every placeholder of this mapping replaced by its original; other text (including
    /// placeholder-shaped text this mapping did not hand out) is left as it is.
    /// - Parameter text: Text from the provider.
    public func restore(_ text: String) -> String {
        guard !byPlaceholder.isEmpty, text.contains("<") else { return text }
        return PIIPlaceholder.scan(text) { placeholder, _ in byPlaceholder[placeholder] }
    }

    /// `value` with placeholders restored in every string and object key.
    /// - Parameter value: A JSON value from the provider (tool call arguments).
    public func restore(_ value: JSONValue) -> JSONValue {
        guard !byPlaceholder.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(restore(text))
        case .array(let items): return .array(items.map(restore))
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (key, member) in members { out[restore(key)] = restore(member) }
            return .object(out)
        default: return value
        }
    }

    /// `response` with its text and its tool calls' arguments restored.
    /// - Parameter response: The provider's answer.
    public func restore(_ response: ChatResponse) -> ChatResponse {
        guard !byPlaceholder.isEmpty else { return response }
        var out = response
        out.message.content = restore(response.message.content)
        for i in out.message.toolCalls.indices {
            out.message.toolCalls[i].arguments = restore(out.message.toolCalls[i].arguments)
        }
        return out
    }

    /// The form under which two spellings are one value: e-mail addresses case-insensitively, card and phone
    /// numbers by their digits (and a leading +), IBANs without spaces in upper case, IP addresses in lower case.
    static func canonical(_ original: String, type: PIIClass) -> String {
        switch type {
        case .card: return String(decoding: PIIChecks.digits(of: original).map { $0 + 0x30 }, as: UTF8.self)
        case .phone:
            let digits = String(decoding: PIIChecks.digits(of: original).map { $0 + 0x30 }, as: UTF8.self)
            return original.hasPrefix("+") ? "+" + digits : digits
        case .iban: return original.replacingOccurrences(of: " ", with: "").uppercased()
        default: return original.lowercased()
        }
    }
}
