/// Markdown: the text is the file as is; ATX headings (`#` … `######` at a line start, outside fenced code)
/// become headings, and the first level-1 heading the title.
enum MarkdownLoader {
    static func load(text: String, source: String, fallbackTitle: String) -> LoadedDocument {
        let headings = headings(in: text)
        let title = headings.first(where: { $0.level == 1 })?.title ?? headings.first?.title ?? fallbackTitle
        return LoadedDocument(
            id: source, source: source, title: title, text: text, headings: headings, metadata: ["type": "markdown"])
    }

    static func headings(in text: String) -> [Heading] {
        var headings: [Heading] = []
        var offset = 0
        var fence: Substring?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { offset += line.unicodeScalars.count + 1 }
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let marker = trimmed.prefix(3)
                if fence == nil { fence = marker } else if fence == marker { fence = nil }
                continue
            }
            guard fence == nil, line.count - trimmed.count < 4, trimmed.hasPrefix("#") else { continue }
            let level = trimmed.prefix(while: { $0 == "#" }).count
            let rest = trimmed.dropFirst(level)
            guard level <= 6, rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
            var title = rest.trimmingCharacters(in: " \t\r")
            while title.hasSuffix("#") { title.removeLast() }
            title = title.trimmingCharacters(in: " \t")
            if !title.isEmpty { headings.append(Heading(level: level, title: title, offset: offset)) }
        }
        return headings
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        let start = firstIndex(where: { !chars.contains($0) }) ?? endIndex
        let end = lastIndex(where: { !chars.contains($0) }).map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
