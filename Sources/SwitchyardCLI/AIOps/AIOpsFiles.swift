import Foundation
import SwitchyardCore

/// Writing the AIOps commands' output files, with errors that name the file.
enum AIOpsFiles {
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw SwitchyardError(code: .writeFailed, message: "cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    static func append(_ text: String, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw SwitchyardError(code: .writeFailed, message: "cannot append to '\(path)'")
        }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
    }
}
