import ArgumentParser
import Foundation
import SwitchyardCore

/// Printing for people and for scripts, and the exit path for errors.
enum Output {
    /// Prints one JSON line.
    static func json(_ value: JSONValue) {
        line(value.jsonText)
    }

    /// Prints a line to standard output, flushing so progress shows while a run goes on.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Reports an error the way the command's mode asks and returns the exit code to use.
    static func fail(_ error: any Error, json: Bool) -> ExitCode {
        let (code, message): (String, String)
        if let error = error as? SwitchyardError {
            (code, message) = (error.code.rawValue, error.description)
        } else if error is CancellationError {
            (code, message) = ("cancelled", "the run was cancelled")
        } else {
            (code, message) = ("internal_error", "\(error)")
        }
        if json {
            Output.json(["error": ["code": .string(code), "message": .string(message)]])
        } else {
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        }
        return ExitCode(2)
    }
}
