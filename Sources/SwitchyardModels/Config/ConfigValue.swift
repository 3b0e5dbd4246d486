import SwitchyardCore

/// A configuration value from a fixed set (a provider's kind, the redaction mode): parsed once when the file is
/// read, so a typo is an `invalid_config` error naming the file, line and the accepted values, not a string that
/// fails later where it is used.
protocol ConfigValue: RawRepresentable<String>, Sendable {
    /// Every accepted value, in the order error messages list them.
    static var accepted: [Self] { get }
}

extension ConfigValue {
    /// The accepted value spelled `text`, or nil.
    static func accepted(_ text: String) -> Self? {
        accepted.first { $0.rawValue == text }
    }

    /// Decodes one of ``accepted``; anything else is a `DecodingError` whose underlying error is an
    /// ``UnacceptedConfigValue`` (the configuration parser reports it with its line and goes on).
    static func decode(from decoder: any Decoder) throws -> Self {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = accepted(text) else {
            let error = UnacceptedConfigValue(
                text: text, accepted: accepted.map(\.rawValue), fallback: accepted[0].rawValue)
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
        return value
    }
}

/// A configuration value outside its accepted set.
struct UnacceptedConfigValue: Error, CustomStringConvertible {
    /// What the file says.
    var text: String
    /// What it may say.
    var accepted: [String]
    /// An accepted value to decode in its place, so the rest of the file is still checked.
    var fallback: String

    var description: String {
        "\(text.quotedExcerpt(limit: 60)) is not one of \(accepted.joined(separator: ", "))"
    }
}
