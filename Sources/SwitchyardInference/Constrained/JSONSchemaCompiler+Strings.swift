import SwitchyardCore

extension JSONSchemaCompiler {
    /// Regular expressions for the `format` values the decoder enforces (days stop at 28, so every date
    /// exists; times are UTC with `Z`).
    static let formats: [String: String] = [
        "uuid": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "date": "[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
        "time": "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z",
        "date-time": "[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z",
    ]

    /// Any character inside a JSON string literal (escapes for `"`, `\` and common controls).
    static var anyCharacter: CharacterClass {
        var c = CharacterClass.of(0x00...0x7F)
        c.nonASCII = .all
        return c
    }

    /// A JSON string honouring minLength/maxLength (in code points, as the validator counts), or a pattern,
    /// or a format; a pattern or format together with length bounds is refused.
    mutating func string(_ s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> ByteNFA.Fragment {
        let minLength = try count("minLength", s, at: pointer) ?? 0
        let maxLength = try count("maxLength", s, at: pointer) ?? options.maxStringLength
        let quote1 = nfa.literal("\"")
        var body: ByteNFA.Fragment
        if let format = s["format"] {
            guard let name = format.stringValue, let regex = Self.formats[name] else {
                throw Self.unsupported(
                    "format", at: pointer, "supported formats: \(Self.formats.keys.sorted().joined(separator: ", "))")
            }
            if s["pattern"] != nil || s["minLength"] != nil || s["maxLength"] != nil {
                throw Self.unsupported("format", at: pointer, "not together with pattern, minLength or maxLength")
            }
            body = try RegexParser.parse(regex).node.build(into: &nfa, jsonString: true)
        } else if let pattern = s["pattern"] {
            guard let text = pattern.stringValue else {
                throw SwitchyardError(code: .invalidSchema, message: "'pattern' at \(pointer) must be a string.")
            }
            if s["minLength"] != nil || s["maxLength"] != nil {
                throw Self.unsupported("pattern", at: pointer, "not together with minLength or maxLength")
            }
            let parsed: RegexParser.Parsed
            do throws(SwitchyardError) {
                parsed = try RegexParser.parse(text)
            } catch {
                throw SwitchyardError(
                    code: error.code, message: "\(pointer)/pattern: \(error.message)", details: [pointer + "/pattern"])
            }
            // JSON Schema patterns search anywhere in the string unless anchored.
            var parts: [ByteNFA.Fragment] = []
            if !parsed.anchoredStart { parts.append(nfa.star(nfa.character(in: Self.anyCharacter, jsonString: true))) }
            parts.append(parsed.node.build(into: &nfa, jsonString: true))
            if !parsed.anchoredEnd { parts.append(nfa.star(nfa.character(in: Self.anyCharacter, jsonString: true))) }
            body = nfa.sequence(parts)
        } else {
            guard maxLength.map({ $0 >= minLength }) ?? true else { return nfa.never() }
            body = nfa.repeating(min: minLength, max: maxLength) {
                $0.character(in: Self.anyCharacter, jsonString: true)
            }
        }
        return nfa.sequence([quote1, body, nfa.literal("\"")])
    }

    func count(_ key: String, _ s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> Int? {
        guard let v = s[key] else { return nil }
        guard let n = v.intValue, n >= 0 else {
            throw SwitchyardError(
                code: .invalidSchema, message: "'\(key)' at \(pointer) must be a non-negative integer.")
        }
        guard n <= 100_000 else {
            throw SwitchyardError(
                code: .constraintTooLarge,
                message: "'\(key)' at \(pointer) is \(n); constrained decoding "
                    + "supports bounds up to 100000.")
        }
        return n
    }
}
