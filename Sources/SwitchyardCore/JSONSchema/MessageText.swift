/// How text from a schema or an instance appears in validation and compile messages.
enum MessageText {
    /// `'name'` when `text` is short and printable (the common case keeps its familiar look); otherwise
    /// `String.quotedExcerpt`: double-quoted, escaped, cut to 80 characters with the length noted.
    static func quote(_ text: String) -> String {
        isPlain(text, limit: 80) && !text.contains("'") ? "'\(text)'" : text.quotedExcerpt()
    }

    /// A JSON Pointer as is when short and printable, else quoted, escaped and cut to 160 characters.
    static func pointer(_ text: String) -> String {
        isPlain(text, limit: 160) ? text : text.quotedExcerpt(limit: 160)
    }

    private static func isPlain(_ text: String, limit: Int) -> Bool {
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > limit || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return false }
        }
        return true
    }
}
