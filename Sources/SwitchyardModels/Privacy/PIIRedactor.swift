import SwitchyardCore
import SwitchyardModelAPI

/// Masks a tenant's chosen classes of personal data before a request leaves for a remote provider, reversibly:
/// each value becomes a placeholder (`<EMAIL_1>`, `<PHONE_2>`) and the returned ``PIIMapping`` fills the answer
/// back, as Presidio's anonymize / deanonymize does. The gateway applies it per tenant (`redact:` in
/// switchyard.yaml) after secret redaction and only for remote providers.
///
/// What is masked: every message's text and the string values (and keys) of earlier tool calls' arguments, plus
/// whole numbers in those arguments that are one finding (a card number sent as a JSON number goes out as the
/// string `"<CARD_1>"`). Tool definitions, the response schema and stop sequences are the caller's own text and go
/// as they are.
public struct PIIRedactor: Sendable {
    let detector: PIIDetector

    /// A redactor for `classes`.
    /// - Parameter classes: What to mask; empty masks nothing.
    public init(classes: some Sequence<PIIClass>) {
        detector = PIIDetector(types: classes)
    }

    /// The classes masked, in the order overlaps are resolved.
    public var classes: [PIIClass] { detector.types }

    /// Each piece of personal data in `text`, earliest first, without overlaps.
    /// - Parameter text: The text to look at.
    /// - Returns: The class and range of each finding.
    public func findings(in text: String) -> [(type: PIIClass, range: Range<String.Index>)] {
        detector.findings(in: text).map { ($0.type, $0.range) }
    }

    /// `request` as the provider may see it, and the mapping that fills its answer back.
    /// - Parameter request: The request (after secret redaction).
    /// - Returns: The masked request and its mapping (empty when nothing was found).
    public func mask(_ request: ChatRequest) -> (ChatRequest, PIIMapping) {
        var mapping = PIIMapping()
        guard !detector.types.isEmpty else { return (request, mapping) }
        for message in request.messages {
            mapping.reserve(placeholdersIn: message.content)
            for call in message.toolCalls { mapping.reserve(placeholdersIn: call.arguments.jsonText) }
        }
        var masked = request
        for i in masked.messages.indices {
            masked.messages[i].content = mask(masked.messages[i].content, into: &mapping)
            for j in masked.messages[i].toolCalls.indices {
                masked.messages[i].toolCalls[j].arguments = mask(
                    masked.messages[i].toolCalls[j].arguments, into: &mapping)
            }
        }
        return (masked, mapping)
    }

    /// `text` with each finding replaced by its placeholder in `mapping`.
    func mask(_ text: String, into mapping: inout PIIMapping) -> String {
        let found = detector.findings(in: text)
        guard !found.isEmpty else { return text }
        var out = ""
        var copied = text.startIndex
        for finding in found {
            out += text[copied..<finding.range.lowerBound]
            out += mapping.placeholder(for: String(text[finding.range]), type: finding.type)
            copied = finding.range.upperBound
        }
        out += text[copied...]
        return out
    }

    /// `value` with findings masked in every string and key, and whole numbers that are one finding replaced by
    /// their placeholder.
    func mask(_ value: JSONValue, into mapping: inout PIIMapping) -> JSONValue {
        switch value {
        case .string(let text): return .string(mask(text, into: &mapping))
        case .int(let number):
            let text = String(number)
            let found = detector.findings(in: text)
            guard found.count == 1, found[0].range == text.startIndex..<text.endIndex else { return value }
            return .string(mapping.placeholder(for: text, type: found[0].type))
        case .array(let items):
            return .array(items.map { mask($0, into: &mapping) })
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                let maskedKey = mask(key, into: &mapping)
                out[maskedKey] = mask(member, into: &mapping)
            }
            return .object(out)
        default: return value
        }
    }
}
