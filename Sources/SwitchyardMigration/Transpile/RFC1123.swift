/// Kubernetes object names and label values: RFC 1123 labels (lower-case alphanumerics and '-', starting and
/// ending with an alphanumeric, at most 63 characters).
public enum RFC1123 {
    /// Whether `name` is already a valid RFC 1123 label of at most `maxLength` characters.
    /// - Parameters:
    ///   - name: the name to check.
    ///   - maxLength: the longest allowed.
    public static func isValid(_ name: String, maxLength: Int = 63) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        guard alnum(bytes.first!), alnum(bytes.last!) else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == 45 }
    }

    /// `text` made into a valid label: lower-cased, runs of other characters become one '-', trimmed, cut to
    /// `maxLength`; `fallback` when nothing is left. Distinct inputs may map to one label: callers that need
    /// unique names add a suffix (see `NameAllocator`).
    /// - Parameters:
    ///   - text: any text.
    ///   - maxLength: the longest label to make.
    ///   - fallback: the label when nothing usable is left.
    public static func label(_ text: String, maxLength: Int = 63, fallback: String = "vm") -> String {
        var out: [UInt8] = []
        var dash = false
        for b in text.lowercased().utf8 {
            if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) {
                if dash && !out.isEmpty { out.append(45) }
                dash = false
                out.append(b)
            } else {
                dash = true
            }
        }
        if out.count > maxLength { out = Array(out.prefix(maxLength)) }
        while out.last == 45 { out.removeLast() }
        return out.isEmpty ? fallback : String(decoding: out, as: UTF8.self)
    }
}

/// Gives each source name a unique RFC 1123 name, deterministically: names are allocated in sorted order of the
/// source names, and a clash gets `-2`, `-3`, … (cut to fit 63 characters).
public struct NameAllocator: Sendable {
    /// Source name → allocated name.
    public private(set) var names: [String: String] = [:]

    /// Allocates names for `sources` (any order; the result depends only on the set).
    /// - Parameters:
    ///   - sources: the source names.
    ///   - maxLength: the longest name to make.
    public init(_ sources: [String], maxLength: Int = 63) {
        var used: Set<String> = []
        for source in Set(sources).sorted() {
            let base = RFC1123.label(source, maxLength: maxLength)
            var candidate = base
            var n = 2
            while used.contains(candidate) {
                let suffix = "-\(n)"
                candidate = String(base.prefix(maxLength - suffix.count)).trimmingTrailingDashes + suffix
                n += 1
            }
            used.insert(candidate)
            names[source] = candidate
        }
    }

    /// The allocated name of `source`.
    public subscript(source: String) -> String { names[source] ?? RFC1123.label(source) }
}

extension String {
    var trimmingTrailingDashes: String {
        var s = self
        while s.hasSuffix("-") { s.removeLast() }
        return s
    }
}
