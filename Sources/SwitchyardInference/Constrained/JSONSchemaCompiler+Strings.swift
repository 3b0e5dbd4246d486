import SwitchyardCore

extension JSONSchemaCompiler {
    /// Regular expressions for the `format` values the decoder enforces (days stop at 28, so every date
    /// exists; times are UTC with `Z`).
    static let formats: [String: String] = [
        "uuid": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "date": "[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
        "time": "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z",
        "date-time": "[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z",
        // OpenAPI's base64 ("byte"): whole 4-character groups, padded at the end.
        "byte": "([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?",
    ]

    /// Any character inside a JSON string literal (escapes for `"`, `\` and common controls).
    static var anyCharacter: CharacterClass {
        var c = CharacterClass.of(0x00...0x7F)
        c.nonASCII = .all
        return c
    }

    /// A JSON string honouring `minLength`/`maxLength` (in code points, as the validator counts), `pattern`
    /// and the `format`s in `formats`; a pattern or format with length bounds is intersected with them
    /// (`lengthBounded`). Other formats are annotations (2020-12) and are not enforced. A pattern together
    /// with an enforced format is refused.
    mutating func string(_ s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> ByteNFA.Fragment {
        let minLength = try count("minLength", s, at: pointer) ?? 0
        let maxLength = try count("maxLength", s, at: pointer) ?? options.maxStringLength
        if let maxLength, maxLength < minLength { return nfa.never() }
        var format: RegexParser.Parsed?
        if case .string(let name)? = s["format"], let regex = Self.formats[name] {
            // A format's expression describes the whole string.
            format = try RegexParser.parse("^(?:" + regex + ")$")
            if s["pattern"] != nil {
                throw Self.unsupported("format", at: pointer, "format \(name.quotedExcerpt()) together with a pattern")
            }
        }
        if let text = s["pattern"] {
            guard let source = text.stringValue else {
                throw SwitchyardError(
                    code: .invalidSchema, message: "'pattern' at \(pointer.shownPointer) must be a string.")
            }
            do throws(SwitchyardError) {
                format = try RegexParser.parse(source)
            } catch {
                throw SwitchyardError(
                    code: error.code, message: "\((pointer + "/pattern").shownPointer): \(error.message)",
                    details: [pointer + "/pattern"])
            }
        }
        let body: ByteNFA.Fragment
        if let parsed = format {
            let bounded = s["minLength"] != nil || maxLength != nil
            if bounded {
                body = try lengthBounded(min: minLength, max: maxLength, at: pointer) { Self.searchBody(parsed, &$0) }
            } else {
                body = Self.searchBody(parsed, &nfa)
            }
        } else {
            body = nfa.repeating(min: minLength, max: maxLength) {
                $0.character(in: Self.anyCharacter, jsonString: true)
            }
        }
        return nfa.sequence([nfa.literal("\""), body, nfa.literal("\"")])
    }

    /// A pattern's language inside a JSON string literal, with ECMA-262 search semantics: an end that is
    /// not anchored matches anything.
    static func searchBody(_ parsed: RegexParser.Parsed, _ nfa: inout ByteNFA) -> ByteNFA.Fragment {
        var parts: [ByteNFA.Fragment] = []
        if !parsed.anchoredStart { parts.append(nfa.star(nfa.character(in: anyCharacter, jsonString: true))) }
        parts.append(parsed.node.build(into: &nfa, jsonString: true))
        if !parsed.anchoredEnd { parts.append(nfa.star(nfa.character(in: anyCharacter, jsonString: true))) }
        return nfa.sequence(parts)
    }

    func count(_ key: String, _ s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> Int? {
        guard let v = s[key] else { return nil }
        guard let n = v.intValue, n >= 0 else {
            throw SwitchyardError(
                code: .invalidSchema, message: "'\(key)' at \(pointer.shownPointer) must be a non-negative integer.")
        }
        guard n <= 100_000 else {
            throw SwitchyardError(
                code: .constraintTooLarge,
                message: "'\(key)' at \(pointer.shownPointer) is \(n); constrained decoding "
                    + "supports bounds up to 100000.")
        }
        return n
    }
}
