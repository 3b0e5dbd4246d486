/// JSON text to and from ``JSONValue`` without Foundation's coders: the store and the server turn JSON columns
/// and bodies into values on every request, and going through `JSONDecoder` (which tries each type in turn and
/// throws on every miss) cost more than the SQLite read itself.
///
/// The output is byte for byte what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes (keys in
/// `String` order; `\b \f \n \r \t \" \\` and `\u00xx` for other control characters; a whole-number `Double` without
/// `.0`), so hashes of earlier values stay the same. The parser follows RFC 8259 strictly (no trailing commas, no
/// leading zeros, no lone surrogates) and reads numbers as `JSONDecoder` did: a number with an exact `Int` value is
/// `.int`, any other `.double`.
extension JSONValue {
    /// How deeply arrays and objects may nest in parsed text (as Foundation's `JSONDecoder`): deeper input is an
    /// error, not a stack overflow.
    public static let maximumNestingDepth = 512

    /// Parses JSON text; the error says where the text stops being JSON.
    ///
    /// - Parameter text: JSON text (one value, with optional whitespace around it).
    /// - Throws: ``JSONSyntaxError`` with the line, column and what was expected there.
    public init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { bytes in
            var parser = JSONTextParser(bytes: bytes)
            return try parser.parseDocument()
        }
    }

    /// Parses JSON from UTF-8 bytes (a column or a body as it came, without making a `String` first).
    ///
    /// - Parameter bytes: UTF-8 JSON text.
    /// - Throws: ``JSONSyntaxError`` with the line, column and what was expected there.
    public init(parsingUTF8 bytes: UnsafeRawBufferPointer) throws {
        self = try bytes.withMemoryRebound(to: UInt8.self) { buffer in
            var parser = JSONTextParser(bytes: buffer)
            return try parser.parseDocument()
        }
    }

    /// Appends the bytes of ``jsonText`` to `out`.
    /// - Parameter out: Where the JSON goes.
    public func writeJSON(into out: inout [UInt8]) {
        JSONTextWriter.write(self, into: &out)
    }

    /// Whether a `Double` anywhere in the value is infinite or NaN (JSON cannot hold one: `JSONEncoder` refuses
    /// it, ``jsonText`` writes `null`).
    public var containsNonFiniteNumber: Bool {
        switch self {
        case .double(let double): return !double.isFinite
        case .array(let elements): return elements.contains { $0.containsNonFiniteNumber }
        case .object(let members): return members.values.contains { $0.containsNonFiniteNumber }
        default: return false
        }
    }

    /// Compact JSON text with sorted keys, the same bytes for equal values. A non-finite `Double` (which JSON
    /// cannot hold) is written as `null`.
    public var jsonText: String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        JSONTextWriter.write(self, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Where JSON text stops being JSON, and why.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    /// What was wrong, e.g. "expected ',' or '}' after an object member".
    public var reason: String
    /// 1-based line and column (in UTF-8 bytes) of the offending byte.
    public var line: Int
    public var column: Int

    public var description: String { "not valid JSON at line \(line), column \(column): \(reason)" }
}

private struct JSONTextParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parseDocument() throws -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error("unexpected text after the JSON value") }
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw error("expected a value, found the end of the text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a value")
        }
    }

    mutating func literal(_ word: StaticString, _ value: JSONValue) throws -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            memcmpEqual(bytes.baseAddress! + index, word.utf8Start, count)
        else { throw error("expected a value") }
        index += count
        return value
    }

    mutating func enter() throws {
        depth += 1
        if depth > JSONValue.maximumNestingDepth {
            throw error("arrays and objects nest deeper than \(JSONValue.maximumNestingDepth) levels")
        }
    }

    mutating func parseArray() throws -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            if try endOfContainer("]", after: "an array element") { return .array(elements) }
        }
    }

    /// After a member or element: consumes a `,` (`false`: another one follows) or the container's `close`
    /// (`true`: the container ends here).
    mutating func endOfContainer(_ close: Unicode.Scalar, after what: String) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error("expected ',' or '\(close)', found the end of the text") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return false
        case UInt8(ascii: close):
            index += 1
            depth -= 1
            return true
        default: throw error("expected ',' or '\(close)' after \(what)")
        }
    }

    mutating func parseObject() throws -> JSONValue {
        try enter()
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the member name")
            }
            index += 1
            members[key] = try parseValue()
            if try endOfContainer("}", after: "an object member") { return .object(members) }
        }
    }

    /// A string starting at the opening quote; the index ends after the closing one.
    mutating func parseString() throws -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("a control character must be escaped inside a string") }
            index += 1
        }
        var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw error("a high surrogate \\u escape must be followed by a low one") }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw error("a high surrogate \\u escape must be followed by a low one")
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(code) {
                        throw error("a low surrogate \\u escape without a high one before it")
                    }
                    scalars.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
                default:
                    index -= 1
                    throw error("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
                }
            default:
                if byte < 0x20 { throw error("a control character must be escaped inside a string") }
                scalars.append(byte)
                index += 1
            }
        }
        throw error("the string is not closed (no '\"' before the end of the text)")
    }

    mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    mutating func parseNumber() throws -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - from
        }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("a number needs digits") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            index = integerStart
            throw error("a number must not start with 0")
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits() > 0 else { throw error("a number needs digits after its '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw error("a number needs digits in its exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let int = Int(text) { return .int(int) }
        guard let double = Double(text), double.isFinite else {
            index = start
            throw error("the number \(text.quotedExcerpt(limit: 40)) is out of range")
        }
        // As JSONDecoder did: a number with an exact Int value (1.0, 1e2) is an Int.
        if double == double.rounded(), abs(double) < 9.223_372_036_854_775e18 { return .int(Int(double)) }
        return .double(double)
    }

    func error(_ reason: String) -> JSONSyntaxError {
        var line = 1
        var lineStart = 0
        for offset in 0..<min(index, bytes.count) where bytes[offset] == 0x0A {
            line += 1
            lineStart = offset + 1
        }
        return JSONSyntaxError(reason: reason, line: line, column: index - lineStart + 1)
    }
}

private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for offset in 0..<count where a[offset] != b[offset] { return false }
    return true
}

private enum JSONTextWriter {
    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let bool): out.append(contentsOf: (bool ? "true" : "false").utf8)
        case .int(let int): out.append(contentsOf: String(int).utf8)
        case .double(let double): writeDouble(double, into: &out)
        case .string(let string): writeString(string, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (offset, key) in members.keys.sorted().enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(members[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeDouble(_ double: Double, into out: inout [UInt8]) {
        guard double.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        var text = double.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
