/// A class of personal data a tenant can have masked before a request leaves for a remote provider: the
/// configuration's `redact: [email, phone, card, iban, ip]` under a tenant, parsed once at load (a typo is an
/// `invalid_config` error naming the line).
///
/// A struct with static members rather than an enum, so a new class breaks no one's `switch`.
public struct PIIClass: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The name the configuration file uses.
    public let rawValue: String

    /// The class spelled `rawValue`; nil for anything but `email`, `phone`, `card`, `iban` and `ip`.
    public init?(rawValue: String) {
        guard let known = Self.accepted(rawValue) else { return nil }
        self = known
    }

    private init(known: String) { rawValue = known }

    /// E-mail addresses (`ana@example.com`).
    public static let email = PIIClass(known: "email")
    /// Phone numbers: international (`+44 20 7946 0958`), North American (`(415) 555-0132`, `415-555-0132`) and
    /// national with a trunk 0 (`030 1234 5678`, `06 12 34 56 78`); never a bare run of digits.
    public static let phone = PIIClass(known: "phone")
    /// Payment card numbers: 13–19 digits (spaces or hyphens between them allowed), a major network's first digit
    /// (2–6) and a valid Luhn check digit.
    public static let card = PIIClass(known: "card")
    /// IBANs: a known country's length and a valid mod-97 check (`DE89 3704 0044 0532 0130 00`).
    public static let iban = PIIClass(known: "iban")
    /// IP addresses, v4 (`192.168.1.20`) and v6 (`2001:db8::1`, `::ffff:192.0.2.1`).
    public static let ip = PIIClass(known: "ip")

    /// The placeholder's label: `EMAIL` in `<EMAIL_1>`.
    public var label: String { rawValue.uppercased() }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self = try Self.decode(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension PIIClass: ConfigValue {
    static let accepted: [PIIClass] = [.email, .phone, .card, .iban, .ip]

    /// Every class, in the order overlapping findings are resolved: an e-mail address wins over the digits in it,
    /// an IBAN over the card-like run inside it, an IP address over a phone-like shape.
    static let precedence: [PIIClass] = [.email, .iban, .card, .ip, .phone]
}
