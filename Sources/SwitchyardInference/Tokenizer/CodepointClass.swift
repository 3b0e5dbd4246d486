/// The character classes the pre-tokenizers test: `\p{L}`, `\p{N}` and `\s`.
///
/// Letters are general categories Lu/Ll/Lt/Lm/Lo, numbers Nd/Nl/No. Whitespace is llama.cpp's explicit set
/// (`unicode-data.cpp` `unicode_set_whitespace`: U+0009–000D, U+0020, U+0085, U+00A0, U+1680,
/// U+2000–200A, U+2028, U+2029, U+202F, U+205F, U+3000), which differs from `Character.isWhitespace`.
/// Categories are those of Unicode 15.1, the version of llama.cpp's tables (`unicode-data.cpp`): scalars
/// assigned later (Swift's own tables are newer; `Unicode.Scalar.Properties.age` tells) count as unassigned,
/// as they do in llama.cpp. Checked against llama.cpp's table for every code point: no differences.
/// Every valid scalar also carries `.valid`, so "none of letter/number/whitespace" can be told apart from
/// "past the end of the text" (llama.cpp's `as_uint() != 0`).
struct CodepointClass: OptionSet, Sendable {
    let rawValue: UInt8
    static let letter = CodepointClass(rawValue: 1)
    static let number = CodepointClass(rawValue: 2)
    static let whitespace = CodepointClass(rawValue: 4)
    static let valid = CodepointClass(rawValue: 8)
    /// General category P* (`\p{P}`).
    static let punctuation = CodepointClass(rawValue: 16)

    /// The class of a scalar value (a table lookup for planes 0–3, computed above).
    @inline(__always)
    static func of(_ cp: UInt32) -> CodepointClass {
        if cp < 0x10000 { return CodepointClass(rawValue: bmpTable[Int(cp)]) }
        if cp < 0x40000 { return CodepointClass(rawValue: supplementaryTable[Int(cp - 0x10000)]) }
        return compute(cp)
    }

    private static let bmpTable: [UInt8] = (0..<UInt32(0x10000)).map { compute($0).rawValue }
    private static let supplementaryTable: [UInt8] = (UInt32(0x10000)..<0x40000).map { compute($0).rawValue }

    private static func compute(_ cp: UInt32) -> CodepointClass {
        guard let scalar = Unicode.Scalar(cp) else { return .valid }  // surrogates never occur in Strings
        var c: CodepointClass = .valid
        if let age = scalar.properties.age, age.major < 15 || (age.major == 15 && age.minor <= 1) {
            c.formUnion(category(scalar))
        }
        switch cp {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            c.insert(.whitespace)
        default: break
        }
        return c
    }

    /// Letter / number / punctuation from the general category.
    private static func category(_ scalar: Unicode.Scalar) -> CodepointClass {
        var c: CodepointClass = []
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            c.insert(.letter)
        case .decimalNumber, .letterNumber, .otherNumber:
            c.insert(.number)
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            c.insert(.punctuation)
        default: break
        }
        return c
    }
}
