import Foundation
import SwitchyardCore

/// PDF through poppler's `pdftotext` (UTF-8 text on stdout). Pages become paragraphs; there are no headings.
enum PDFLoader {
    /// `pdftotext` on the PATH, or nil.
    static func tool() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/pdftotext"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func load(path: String, source: String) throws(SwitchyardError) -> [LoadedDocument] {
        guard let tool = tool() else {
            throw SwitchyardError(
                code: .pdftotextMissing,
                message: "'\(path)' is a PDF and pdftotext is not installed; install poppler-utils "
                    + "(apt-get install poppler-utils) or convert the file to text first")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-enc", "UTF-8", path, "-"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            throw SwitchyardError(code: .pdftotextFailed, message: "cannot run \(tool): \(error)", cause: error)
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SwitchyardError(
                code: .pdfUnreadable,
                message: "pdftotext could not read '\(path)' (exit \(process.terminationStatus)): "
                    + "\(message.trimmingCharacters(in: " \n")); check that it is a valid, unencrypted PDF")
        }
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "\n\n")
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw SwitchyardError(
                code: .emptyFile, message: "'\(path)' has no extractable text (a scanned PDF needs OCR first)")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return [LoadedDocument(id: source, source: source, title: name, text: text, metadata: ["type": "pdf"])]
    }
}
