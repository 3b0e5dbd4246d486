/// HTML to text for chunking: drops tags, `<script>`, `<style>` and comments, decodes entities,
/// collapses whitespace (except in `<pre>`), puts block elements on their own lines and keeps `<h1>`–`<h6>` as
/// headings (their offsets point at the heading text in the extracted text).
enum HTMLTextExtractor {
    struct Extracted {
        var text: String
        var title: String?
        var headings: [Heading]
    }

    static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article", "header", "footer",
        "nav", "aside", "main", "blockquote", "pre", "hr", "dl", "dt", "dd", "figure", "figcaption", "form", "body",
    ]
    static let skipped: Set<String> = ["script", "style", "noscript", "template", "svg"]

    static func extract(_ html: String) -> Extracted {
        let s = Array(html.unicodeScalars)
        var out: [Unicode.Scalar] = []
        var headings: [Heading] = []
        var title: String?
        var open: (level: Int, start: Int)?
        var pre = 0
        var i = 0
        func newline(_ count: Int) {
            while let last = out.last, last == " " { out.removeLast() }
            guard !out.isEmpty else { return }
            var have = 0
            for c in out.reversed() { if c == "\n" { have += 1 } else { break } }
            for _ in have..<max(have, count) { out.append("\n") }
        }
        while i < s.count {
            let c = s[i]
            if c == "<" {
                if matches(s, i, "<!--") {
                    i = find(s, from: i + 4, "-->").map { $0 + 3 } ?? s.count
                    continue
                }
                guard let close = s[i...].firstIndex(of: ">") else { break }
                let tag = parseTag(s[(i + 1)..<close])
                i = close + 1
                guard let name = tag.name else { continue }
                if name == "title" && !tag.closing {
                    let end = find(s, from: i, "</") ?? s.count
                    title = decode(Array(s[i..<end])).trimmingCharacters(in: " \n\t\r")
                    i = end
                    continue
                }
                if skipped.contains(name) && !tag.closing && !tag.selfClosing {
                    let end = findCaseInsensitive(s, from: i, "</" + name) ?? s.count
                    i = s[end...].firstIndex(of: ">").map { $0 + 1 } ?? s.count
                    continue
                }
                if name.count == 2, name.hasPrefix("h"), let level = Int(name.dropFirst()), (1...6).contains(level) {
                    newline(2)
                    if tag.closing, let o = open {
                        let text = String(String.UnicodeScalarView(out[o.start...])).trimmingCharacters(in: " \n")
                        if !text.isEmpty { headings.append(Heading(level: o.level, title: text, offset: o.start)) }
                        open = nil
                    } else if !tag.closing {
                        open = (level, out.count)
                    }
                    continue
                }
                if name == "pre" { pre += tag.closing ? -1 : 1 }
                if blocks.contains(name) { newline(name == "br" || name == "li" || name == "tr" ? 1 : 2) }
                continue
            }
            if c == "&" {
                let end = min(s.count, i + 12)
                if let semi = s[i..<end].firstIndex(of: ";"),
                    let decoded = entity(String(String.UnicodeScalarView(s[(i + 1)..<semi])))
                {
                    out.append(decoded == "\u{A0}" ? " " : decoded)
                    i = semi + 1
                    continue
                }
            }
            if pre == 0 && c.properties.isWhitespace {
                if let last = out.last, last != " " && last != "\n" { out.append(" ") }
            } else {
                out.append(c)
            }
            i += 1
        }
        while let last = out.last, last.properties.isWhitespace { out.removeLast() }
        return Extracted(text: String(String.UnicodeScalarView(out)), title: title, headings: headings)
    }

    static func parseTag(_ body: ArraySlice<Unicode.Scalar>) -> (name: String?, closing: Bool, selfClosing: Bool) {
        var b = body[...]
        let closing = b.first == "/"
        if closing { b = b.dropFirst() }
        let nameScalars = b.prefix(while: { TextToken.isWordScalar($0) })
        guard !nameScalars.isEmpty else { return (nil, closing, false) }
        return (String(String.UnicodeScalarView(nameScalars)).lowercased(), closing, body.last == "/")
    }

    static func matches(_ s: [Unicode.Scalar], _ i: Int, _ pattern: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        guard i + p.count <= s.count else { return false }
        return zip(s[i..<(i + p.count)], p).allSatisfy { $0 == $1 }
    }

    static func find(_ s: [Unicode.Scalar], from: Int, _ pattern: String) -> Int? {
        var i = from
        while i < s.count {
            if matches(s, i, pattern) { return i }
            i += 1
        }
        return nil
    }

    static func findCaseInsensitive(_ s: [Unicode.Scalar], from: Int, _ pattern: String) -> Int? {
        let p = Array(pattern.lowercased().unicodeScalars)
        var i = from
        while i + p.count <= s.count {
            if zip(s[i..<(i + p.count)], p).allSatisfy({ String($0).lowercased() == String($1) }) { return i }
            i += 1
        }
        return nil
    }

    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "mdash": "—", "ndash": "–",
        "hellip": "…", "copy": "©", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
    ]

    static func entity(_ name: String) -> Unicode.Scalar? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        }
        if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init) }
        return named[name]
    }

    static func decode(_ scalars: [Unicode.Scalar]) -> String {
        extract(String(String.UnicodeScalarView(scalars))).text
    }
}
