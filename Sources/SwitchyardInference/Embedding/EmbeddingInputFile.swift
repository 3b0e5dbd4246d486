import Foundation
import SwitchyardCore

/// Reads the texts to embed from JSON Lines: one `{"text": "…"}` object per line (other keys ignored,
/// blank lines skipped). The whole file is validated before anything is returned: every bad line is
/// reported by number in one `embedding_input_invalid` error.
public enum EmbeddingInputFile {
    /// The texts of the JSONL file at `path`, in order.
    ///
    /// - Parameter path: A JSONL file of strings or objects with a `text` field.
    /// - Throws: `SwitchyardError` when the file is unreadable or a line is not a text.
    public static func texts(atPath path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(code: .embeddingInputUnreadable, message: "cannot read \(path)")
        }
        return try texts(fromJSONLines: data, name: path)
    }

    /// The texts of JSONL `data`; `name` is used in error messages.
    ///
    /// - Parameters:
    ///   - data: JSONL: strings or objects with a `text` field, one per line.
    ///   - name: What error messages call it.
    /// - Throws: `SwitchyardError` naming the line that is not a text.
    public static func texts(fromJSONLines data: Data, name: String) throws -> [String] {
        var texts: [String] = []
        var problems: [String] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed]) else {
                problems.append("line \(lineNumber): not valid JSON")
                continue
            }
            guard let dictionary = object as? [String: Any] else {
                problems.append("line \(lineNumber): expected an object like {\"text\": \"…\"}")
                continue
            }
            guard let text = dictionary["text"] as? String else {
                problems.append(
                    "line \(lineNumber): \"text\" is \(dictionary["text"] == nil ? "missing" : "not a string")")
                continue
            }
            texts.append(text)
        }
        if let first = problems.first {
            throw SwitchyardError(
                code: .embeddingInputInvalid,
                message:
                    "\(name) \(first)\(problems.count > 1 ? " (and \(problems.count - 1) more)" : ""); nothing was embedded",
                details: Array(problems.dropFirst().prefix(20)))
        }
        return texts
    }
}
