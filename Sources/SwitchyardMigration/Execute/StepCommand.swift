import Foundation
import SwitchyardCore

/// A rollout step's command line read back as an argument vector, so it can be run without a shell.
///
/// The planner writes a small subset of POSIX sh: words separated by spaces, words in single quotes (a quote
/// inside written `'\''`, as `Shell.quote` does) and an optional trailing `|| true` for a step whose failure
/// is fine (stopping a VM that does not run). Anything else (variables, globs, redirections, other operators)
/// is refused rather than guessed at.
public struct StepCommand: Sendable, Hashable {
    /// The program and its arguments.
    public var argv: [String]
    /// The step ends in `|| true`: a failure is recorded and the rollout goes on.
    public var mayFail: Bool

    /// Reads a step's command line.
    /// - Parameter line: The command as the planner wrote it.
    /// - Throws: `invalid_input` naming the character the reader does not accept.
    public init(parsing line: String) throws(SwitchyardError) {
        var text = Substring(line.trimmingCharacters(in: .whitespaces))
        mayFail = false
        if text.hasSuffix(" || true") {
            text = text.dropLast(" || true".count)
            mayFail = true
        }
        var words: [String] = []
        var word = ""
        var inWord = false
        var quoted = false
        var escaped = false
        for c in text {
            if escaped {
                word.append(c)
                escaped = false
                continue
            }
            if quoted {
                if c == "'" { quoted = false } else { word.append(c) }
                continue
            }
            switch c {
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                quoted = true
                inWord = true
            case "\\":
                // The `'\''` idiom: a backslash outside quotes takes the next character as it is.
                escaped = true
                inWord = true
            case "\"", "$", "`", ";", "&", "|", "<", ">", "(", ")", "*", "?", "[", "~", "#", "{", "}", "\n":
                throw SwitchyardError(
                    code: .invalidInput,
                    message: "the step \(String(reflecting: line)) uses \(String(reflecting: String(c))) outside "
                        + "quotes; switchyard runs steps without a shell and reads only plain and single-quoted "
                        + "words and a trailing '|| true'")
            default:
                word.append(c)
                inWord = true
            }
        }
        if quoted || escaped {
            throw SwitchyardError(
                code: .invalidInput, message: "the step \(String(reflecting: line)) has an unterminated quote")
        }
        if inWord { words.append(word) }
        argv = words
        guard !argv.isEmpty else {
            throw SwitchyardError(code: .invalidInput, message: "a step has an empty command")
        }
    }

    /// The program's name (`kubectl`).
    public var program: String { argv[0] }
}
