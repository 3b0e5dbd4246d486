import SwitchyardCore

/// JSON records: a `.jsonl`/`.ndjson` file holds one object per line, a `.json` file an object or an array of
/// objects. Each record becomes a document: text from `text` (or `content`, `body`, `abstract`), title from
/// `title` (or `name`), id `SOURCE#<_id or id>` (else `SOURCE#<line>`), other scalar fields as metadata — the
/// BEIR corpus layout (`{"_id", "title", "text"}`) loads as is.
enum JSONRecordLoader {
    static let textKeys = ["text", "content", "body", "abstract"]
    static let titleKeys = ["title", "name"]
    static let idKeys = ["_id", "id"]

    static func load(
        text: String, source: String, path: String, lines: Bool
    ) throws(SwitchyardError)
        -> [LoadedDocument]
    {
        var records: [(line: Int, value: JSONValue)] = []
        if lines {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard line.contains(where: { !$0.isWhitespace }) else { continue }
                guard let value = try? JSONValue(parsing: String(line)) else {
                    throw SwitchyardError(
                        code: .malformedJSON,
                        message: "'\(path)' line \(n + 1) is not valid JSON; fix or remove that line (one JSON "
                            + "object per line)")
                }
                records.append((n + 1, value))
            }
        } else {
            guard let value = try? JSONValue(parsing: text) else {
                throw SwitchyardError(
                    code: .malformedJSON, message: "'\(path)' is not valid JSON; check it with a JSON validator")
            }
            if case .array(let items) = value {
                records = items.enumerated().map { ($0.offset + 1, $0.element) }
            } else {
                records = [(1, value)]
            }
        }
        var seen: Set<String> = []
        return try records.map { (line, value) throws(SwitchyardError) in
            let where_ = lines ? "line \(line)" : "record \(line)"
            guard case .object(let fields) = value else {
                throw SwitchyardError(
                    code: .malformedRecord,
                    message: "'\(path)' \(where_) is not a JSON object; records are objects "
                        + "with a \"text\" field")
            }
            guard let body = textKeys.lazy.compactMap({ fields[$0]?.stringValue }).first else {
                throw SwitchyardError(
                    code: .recordWithoutText,
                    message: "'\(path)' \(where_) has no \"text\" (or \"content\", \"body\", \"abstract\") string field"
                )
            }
            let title = titleKeys.lazy.compactMap { fields[$0]?.stringValue }.first ?? ""
            let recordID = idKeys.lazy.compactMap { fields[$0].flatMap(scalarText) }.first ?? String(line)
            let id = source + "#" + recordID
            guard seen.insert(id).inserted else {
                throw SwitchyardError(
                    code: .duplicateRecordId,
                    message: "'\(path)' \(where_) repeats the id '\(recordID)'; record ids must be unique in a file")
            }
            var metadata: [String: String] = ["type": "record", "id": recordID]
            for (key, v) in fields where !textKeys.contains(key) && !titleKeys.contains(key) && !idKeys.contains(key) {
                if let s = scalarText(v) { metadata[key] = s }
                if case .object(let nested) = v {
                    for (k, inner) in nested { if let s = scalarText(inner) { metadata[k] = s } }
                }
            }
            let documentText = body.contains(where: { !$0.isWhitespace }) ? body : title
            return LoadedDocument(
                id: id, source: source, title: title.isEmpty ? recordID : title, text: documentText,
                metadata: metadata)
        }
    }

    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        default: return nil
        }
    }
}
