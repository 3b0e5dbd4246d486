extension String {
    /// This text as it should appear inside an error message when it comes from outside (a file, a request
    /// body, a model's answer): in double quotes, control characters and quotes escaped, cut to `limit`
    /// characters with the full length noted, so a corrupt input cannot flood a terminal or a log line.
    /// - Parameter limit: the most characters shown (default 80).
    public func quotedExcerpt(limit: Int = 80) -> String {
        var out = ""
        var shown = 0
        for scalar in unicodeScalars {
            if shown == limit { break }
            shown += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value):
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        let total = unicodeScalars.count
        return total > limit ? "\"\(out)…\" (\(total) characters)" : "\"\(out)\""
    }
}
