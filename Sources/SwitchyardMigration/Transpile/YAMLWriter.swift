import SwitchyardCore

/// Writes a `JSONValue` as block-style YAML, deterministically: `apiVersion`, `kind`, `metadata`, `name`,
/// `namespace`, `spec` come first, other keys sorted; strings are plain when that cannot be misread (as a
/// number, boolean or null, YAML 1.1 included) and double-quoted otherwise.
public enum YAMLWriter {
    static let leading = ["apiVersion", "kind", "metadata", "name", "namespace", "labels", "spec"]

    /// One document, without the `---` marker, ending in a newline.
    /// - Parameter value: the object.
    public static func document(_ value: JSONValue) -> String {
        var out = ""
        switch value {
        case .object(let o) where !o.isEmpty: writeObject(o, indent: 0, into: &out)
        case .array(let a) where !a.isEmpty: writeArray(a, indent: 0, into: &out)
        default: out = scalar(value) + "\n"
        }
        return out
    }

    /// Several documents separated by `---`.
    /// - Parameter values: the objects.
    public static func stream(_ values: [JSONValue]) -> String {
        values.map(document).joined(separator: "---\n")
    }

    static func orderedKeys(_ o: [String: JSONValue]) -> [String] {
        leading.filter { o[$0] != nil } + o.keys.filter { !leading.contains($0) }.sorted()
    }

    private static func writeObject(_ o: [String: JSONValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for key in orderedKeys(o) {
            let value = o[key]!
            out += pad + string(key) + ":"
            switch value {
            case .object(let child) where !child.isEmpty:
                out += "\n"
                writeObject(child, indent: indent + 2, into: &out)
            case .array(let items) where !items.isEmpty:
                out += "\n"
                writeArray(items, indent: indent, into: &out)
            default:
                out += " " + scalar(value) + "\n"
            }
        }
    }

    private static func writeArray(_ items: [JSONValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            switch item {
            case .object(let child) where !child.isEmpty:
                // First key on the dash line, the rest indented under it.
                var nested = ""
                writeObject(child, indent: indent + 2, into: &nested)
                out += pad + "- " + nested.dropFirst(indent + 2)
            case .array(let inner) where !inner.isEmpty:
                out += pad + "-\n"
                writeArray(inner, indent: indent + 2, into: &out)
            default:
                out += pad + "- " + scalar(item) + "\n"
            }
        }
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? String(d) : (d.isNaN ? ".nan" : (d > 0 ? ".inf" : "-.inf"))
        case .string(let s): return string(s)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    static let reserved: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "nan", "inf", ".nan", ".inf", "-.inf",
    ]

    /// A string as a plain or double-quoted YAML scalar.
    /// - Parameter s: the string.
    public static func string(_ s: String) -> String {
        if isPlainSafe(s) { return s }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        if reserved.contains(s.lowercased()) { return false }
        for b in s.utf8 {
            let ok =
                (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 45 || b == 46 || b == 95
                || b == 47
            if !ok { return false }
        }
        if first == 45 || first == 46 { return false }
        if first >= 48 && first <= 57 {
            let numeric = Set("0123456789._:+-eExXoOabcdefABCDEF".utf8)
            if s.utf8.allSatisfy({ numeric.contains($0) }) { return false }
        }
        return true
    }
}
