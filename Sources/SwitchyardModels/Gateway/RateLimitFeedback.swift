import Foundation

/// What an upstream's response headers say about its limits, normalized across providers.
///
/// Understands `retry-after` (seconds or an HTTP date), `retry-after-ms`, OpenAI's `x-ratelimit-remaining-*` and
/// `x-ratelimit-reset-*` (Go-style durations such as `6m0s`), and Anthropic's `anthropic-ratelimit-*-remaining`
/// and `-reset` (RFC 3339 times). Values that do not parse (or are negative, as OpenAI's Responses API sometimes
/// sends) are ignored rather than guessed.
public struct RateLimitFeedback: Sendable, Hashable {
    public var remainingRequests: Double?
    public var remainingTokens: Double?
    /// Seconds to wait before the next request (from a 429 or 503).
    public var retryAfter: Double?

    /// Feedback with the given values.
    /// - Parameters:
    ///   - remainingRequests: Requests left in the upstream's window.
    ///   - remainingTokens: Tokens left in the upstream's window.
    ///   - retryAfter: Seconds to wait before the next request.
    public init(remainingRequests: Double? = nil, remainingTokens: Double? = nil, retryAfter: Double? = nil) {
        self.remainingRequests = remainingRequests
        self.remainingTokens = remainingTokens
        self.retryAfter = retryAfter
    }

    /// Reads the headers of a response; `now` resolves absolute dates.
    /// - Parameters:
    ///   - headers: The response's header fields (names in any case).
    ///   - now: The time an HTTP-date `retry-after` is measured from.
    public init(headers: [(String, String)], now: Date = Date()) {
        var fields: [String: String] = [:]
        for (name, value) in headers { fields[name.lowercased()] = value.trimmingCharacters(in: .whitespaces) }
        func number(_ key: String) -> Double? {
            guard let text = fields[key], let value = Double(text), value >= 0, value.isFinite else { return nil }
            return value
        }
        remainingRequests = number("x-ratelimit-remaining-requests") ?? number("anthropic-ratelimit-requests-remaining")
        remainingTokens =
            number("x-ratelimit-remaining-tokens") ?? number("anthropic-ratelimit-tokens-remaining")
            ?? number("anthropic-ratelimit-input-tokens-remaining")
        if let ms = number("retry-after-ms") {
            retryAfter = ms / 1000
        } else if let text = fields["retry-after"] {
            if let seconds = Double(text), seconds >= 0 {
                retryAfter = seconds
            } else if let date = Self.httpDate(text) {
                retryAfter = max(0, date.timeIntervalSince(now))
            }
        }
    }

    /// Parses Go-style durations: `1s`, `6m0s`, `1h2m3.5s`, `250ms`.
    /// - Parameter text: The duration text.
    /// - Returns: Seconds, or nil when `text` does not parse.
    public static func goDuration(_ text: String) -> Double? {
        var total = 0.0
        var number = ""
        var unit = ""
        var sawAny = false
        func flush() -> Bool {
            guard let value = Double(number) else { return false }
            let scale: Double
            switch unit {
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            case "ms": scale = 0.001
            case "us", "µs": scale = 0.000_001
            case "ns": scale = 0.000_000_001
            default: return false
            }
            total += value * scale
            number = ""
            unit = ""
            sawAny = true
            return true
        }
        for ch in text {
            if ch.isNumber || ch == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(ch)
            } else {
                guard !number.isEmpty else { return nil }
                unit.append(ch)
            }
        }
        if !number.isEmpty || !unit.isEmpty { guard flush() else { return nil } }
        return sawAny ? total : nil
    }

    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
