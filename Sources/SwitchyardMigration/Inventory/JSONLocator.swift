/// Finds where a JSON Pointer's value starts in JSON text (1-based line and column), so that errors about a
/// value's meaning can name its place; and where malformed JSON stops being JSON.
///
/// A small scanner over the bytes: it only tracks the path, it builds nothing.
struct JSONLocator {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    /// The line and column of the value at `tokens` (member names / array indices), or nil when absent.
    static func locate(_ tokens: [String], in text: String) -> (line: Int, column: Int)? {
        var scanner = JSONLocator(text)
        return try? scanner.find(tokens[...])
    }

    /// Where the text stops being JSON and why, or nil when it is valid JSON.
    static func syntaxError(in text: String) -> (line: Int, column: Int, reason: String)? {
        var scanner = JSONLocator(text)
        do throws(Stop) {
            scanner.skipSpace()
            try scanner.skipValue()
            scanner.skipSpace()
            if scanner.i < scanner.bytes.count { throw Stop.error("unexpected text after the JSON value") }
            return nil
        } catch {
            guard case .error(let reason) = error else { return nil }
            return (scanner.line, scanner.i - scanner.lineStart + 1, reason)
        }
    }

    enum Stop: Error { case error(String) }

    private var position: (line: Int, column: Int) { (line, i - lineStart + 1) }

    private mutating func find(_ path: ArraySlice<String>) throws(Stop) -> (line: Int, column: Int)? {
        skipSpace()
        guard let first = path.first else { return position }
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "{") {
            i += 1
            skipSpace()
            if peek("}") { return nil }
            while true {
                skipSpace()
                let key = try readString()
                skipSpace()
                try expect(":")
                if key == first { return try find(path.dropFirst()) }
                skipSpace()
                try skipValue()
                skipSpace()
                if peek(",") {
                    i += 1
                    continue
                }
                return nil
            }
        } else if bytes[i] == UInt8(ascii: "[") {
            guard let index = Int(first) else { return nil }
            i += 1
            skipSpace()
            if peek("]") { return nil }
            var k = 0
            while true {
                if k == index { return try find(path.dropFirst()) }
                skipSpace()
                try skipValue()
                skipSpace()
                if peek(",") {
                    i += 1
                    k += 1
                    continue
                }
                return nil
            }
        }
        return nil
    }

    private func peek(_ c: Unicode.Scalar) -> Bool { i < bytes.count && bytes[i] == UInt8(ascii: c) }

    private mutating func expect(_ c: Unicode.Scalar) throws(Stop) {
        guard peek(c) else { throw .error("expected '\(c)'") }
        i += 1
    }

    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
            case UInt8(ascii: "\n"):
                i += 1
                line += 1
                lineStart = i
            default: return
            }
        }
    }

    private mutating func readString() throws(Stop) -> String {
        guard peek("\"") else { throw .error("expected a string") }
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { break }
                out.append(bytes[i])
            } else if b < 0x20 {
                throw .error("a control character inside a string: escape it")
            } else {
                out.append(b)
            }
            i += 1
        }
        throw .error("unterminated string")
    }

    mutating func skipValue() throws(Stop) {
        guard i < bytes.count else { throw .error("unexpected end of the text") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            skipSpace()
            if peek("}") {
                i += 1
                return
            }
            while true {
                skipSpace()
                _ = try readString()
                skipSpace()
                try expect(":")
                skipSpace()
                try skipValue()
                skipSpace()
                if peek(",") {
                    i += 1
                    continue
                }
                guard peek("}") else { throw .error("expected ',' or '}' in an object") }
                i += 1
                return
            }
        case UInt8(ascii: "["):
            i += 1
            skipSpace()
            if peek("]") {
                i += 1
                return
            }
            while true {
                skipSpace()
                try skipValue()
                skipSpace()
                if peek(",") {
                    i += 1
                    continue
                }
                guard peek("]") else { throw .error("expected ',' or ']' in an array") }
                i += 1
                return
            }
        case UInt8(ascii: "\""):
            _ = try readString()
        default:
            let start = i
            while i < bytes.count, !" \t\r\n,]}".utf8.contains(bytes[i]) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            if word == "true" || word == "false" || word == "null" || Double(word) != nil { return }
            i = start
            throw .error("unexpected \(ParseError.quote(word.isEmpty ? String(UnicodeScalar(bytes[start])) : word))")
        }
    }
}
