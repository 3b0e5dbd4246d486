import Foundation
import SwitchyardCore

/// Reads files into ``LoadedDocument``s by extension: .md/.markdown, .txt/.text, .html/.htm, .json, .jsonl/.ndjson
/// and .pdf (through `pdftotext`). Directories are walked recursively, taking the supported files in path order.
///
/// Loading checks everything before anything is stored: a missing path, an empty, binary or malformed file or an
/// unsupported type is a `SwitchyardError` naming the file (and line), so a failed ingest changes nothing.
public struct DocumentLoader: Sendable {
    /// Lower-case extensions ingest accepts.
    public static let supportedExtensions: Set<String> = [
        "md", "markdown", "txt", "text", "html", "htm", "json", "jsonl", "ndjson", "pdf",
    ]

    public init() {}

    /// The files `paths` name: files as given, directories expanded to their supported files (sorted).
    ///
    /// - Parameter paths: Files and directories.
    /// - Throws: `SwitchyardError` with code `file_not_found` for a path that does not exist.
    public func expand(_ paths: [String]) throws(SwitchyardError) -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SwitchyardError(
                    code: .fileNotFound, message: "no file or directory at '\(path)'; check the path")
            }
            guard isDirectory.boolValue else {
                files.append(Self.canonical(path))
                continue
            }
            let root = URL(fileURLWithPath: path)
            let walker = fm.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
            var found: [String] = []
            while let url = walker?.nextObject() as? URL {
                let ext = url.pathExtension.lowercased()
                if Self.supportedExtensions.contains(ext), !url.lastPathComponent.hasPrefix(".") {
                    found.append(Self.canonical(url.path))
                }
            }
            files += found.sorted()
        }
        return files
    }

    /// The documents of one file.
    ///
    /// - Parameter path: The file (.md .txt .html .json .jsonl .pdf).
    /// - Throws: `SwitchyardError`: `unsupported_file_type`, `file_not_found`, `empty_file`, `binary_file`, a JSON
    ///   record error or a PDF error — naming the file.
    public func load(file path: String) throws(SwitchyardError) -> [LoadedDocument] {
        let source = Self.canonical(path)
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard Self.supportedExtensions.contains(ext) else {
            throw SwitchyardError(
                code: .unsupportedFileType,
                message: "'\(path)' has an unsupported type '.\(ext)'; ingest accepts "
                    + Self.supportedExtensions.sorted().map { "." + $0 }.joined(separator: ", "))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(
                code: .fileNotFound, message: "cannot read '\(path)'; check that it exists and is readable")
        }
        guard !data.isEmpty else {
            throw SwitchyardError(code: .emptyFile, message: "'\(path)' is empty; nothing to ingest")
        }
        if ext == "pdf" { return try PDFLoader.load(path: path, source: source) }
        let text = try Self.decodeText(data, path: path)
        return try load(text: text, source: source, type: ext, name: path)
    }

    /// The documents of text that did not come from a file (an upload): `type` is an extension ingest accepts
    /// (`md`, `txt`, `html`, `json`, `jsonl` …; not `pdf`), `source` names it for re-ingesting and citations.
    ///
    /// - Parameters:
    ///   - text: The text.
    ///   - source: The name it is re-ingested and cited by.
    ///   - type: Its format, as a file extension.
    ///   - name: What errors call it (default: `source`).
    /// - Throws: `unsupported_file_type`, `empty_file`, `malformed_record` (JSON) — naming `name`.
    public func load(
        text: String, source: String, type: String, name: String? = nil
    ) throws(SwitchyardError)
        -> [LoadedDocument]
    {
        let label = name ?? source
        let ext = type.lowercased()
        guard Self.supportedExtensions.contains(ext), ext != "pdf" else {
            throw SwitchyardError(
                code: .unsupportedFileType,
                message: "'\(label)' has an unsupported type '\(ext)'; send one of "
                    + Self.supportedExtensions.subtracting(["pdf"]).sorted().joined(separator: ", "))
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw SwitchyardError(code: .emptyFile, message: "'\(label)' has only whitespace; nothing to ingest")
        }
        let name = URL(fileURLWithPath: label).deletingPathExtension().lastPathComponent
        switch ext {
        case "md", "markdown":
            return [MarkdownLoader.load(text: text, source: source, fallbackTitle: name)]
        case "html", "htm":
            let extracted = HTMLTextExtractor.extract(text)
            return [
                LoadedDocument(
                    id: source, source: source, title: extracted.title ?? extracted.headings.first?.title ?? name,
                    text: extracted.text, headings: extracted.headings, metadata: ["type": "html"])
            ]
        case "json", "jsonl", "ndjson":
            return try JSONRecordLoader.load(text: text, source: source, path: label, lines: ext != "json")
        default:
            return [LoadedDocument(id: source, source: source, title: name, text: text, metadata: ["type": "text"])]
        }
    }

    /// Loads every file of `paths` (see ``expand(_:)``); the first problem stops it.
    ///
    /// - Parameter paths: Files and directories.
    /// - Throws: The first error of expand(_:) or load(file:).
    public func load(paths: [String]) throws(SwitchyardError) -> [LoadedDocument] {
        var documents: [LoadedDocument] = []
        for file in try expand(paths) { documents += try load(file: file) }
        return documents
    }

    /// UTF-8 text, or `binary_file` when the bytes hold NUL or are not UTF-8.
    static func decodeText(_ data: Data, path: String) throws(SwitchyardError) -> String {
        let binary = SwitchyardError(
            code: .binaryFile,
            message: "'\(path)' is not UTF-8 text (it looks binary); ingest text, Markdown, HTML, JSON or PDF files")
        if data.contains(0) { throw binary }
        guard var text = String(validating: data, as: UTF8.self) else { throw binary }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// An absolute, standardized path: the document id and source of a file.
    static func canonical(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}
