import ArgumentParser
import Foundation
import SwitchyardCore

/// `switchyard schema …`: JSON Schema tools over `SwitchyardCore.JSONSchema`.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Work with JSON Schemas (draft 2020-12).", subcommands: [SchemaValidate.self])
}

/// `switchyard schema validate`: exit 0 when every instance is valid, 1 when any is not, 2 when the schema or
/// an input cannot be used (unreadable file, malformed JSON, invalid schema).
struct SchemaValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON instances against a JSON Schema.",
        discussion: """
            Exit status: 0 when every instance is valid, 1 when any is invalid, 2 when the schema is invalid or a \
            file cannot be read or parsed. With --json, prints one line per instance: \
            {"valid": bool, "errors": [{"path", "message"}]}, where path is a JSON Pointer into the instance.
            """)

    @Option(name: .long, help: "The JSON Schema file.")
    var schema: String

    @Option(name: .long, help: "A file holding one JSON instance.")
    var instance: String?

    @Option(name: .long, help: "A JSON Lines file: one instance per line (blank lines are skipped).")
    var instances: String?

    @Flag(name: .long, help: "Check `format` (date-time, email, ipv4, uri, uuid, …) instead of only annotating.")
    var assertFormats = false

    @Flag(name: .long, help: "Print one JSON line per instance.")
    var json = false

    func run() throws {
        let allValid: Bool
        do {
            let compiled = try loadSchema()
            let inputs = try loadInstances()
            allValid = report(inputs.map { ($0.label, compiled.validate($0.value)) }, lines: instances != nil)
        } catch {
            throw Output.fail(error, json: json)
        }
        if !allValid { throw ExitCode(1) }
    }

    private func loadSchema() throws -> JSONSchema {
        let value = try JSONFile.parse(try JSONFile.read(schema, role: "schema"), file: schema)
        do {
            return try JSONSchema(value, options: .init(assertFormats: assertFormats))
        } catch {
            throw SwitchyardError(code: error.code, message: "\(schema): \(error.message)", details: error.details)
        }
    }

    private func loadInstances() throws -> [(label: String, value: JSONValue)] {
        switch (instance, instances) {
        case (let file?, nil):
            return [(file, try JSONFile.parse(try JSONFile.read(file, role: "instance"), file: file))]
        case (nil, let file?):
            let text = try JSONFile.read(file, role: "instances")
            var result: [(String, JSONValue)] = []
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.allSatisfy(\.isWhitespace) {
                result.append(("line \(index + 1)", try JSONFile.parse(String(line), file: file, line: index + 1)))
            }
            return result
        default:
            throw SwitchyardError(
                code: .invalidArguments,
                message: "give exactly one of --instance FILE or --instances FILE.jsonl")
        }
    }

    /// Prints each outcome; returns whether all were valid.
    private func report(_ outcomes: [(label: String, errors: [SchemaError])], lines: Bool) -> Bool {
        for (label, errors) in outcomes {
            if json {
                Output.json([
                    "valid": .bool(errors.isEmpty),
                    "errors": .array(
                        errors.map { ["path": .string($0.instanceLocation), "message": .string($0.message)] }),
                ])
            } else {
                let prefix = lines ? "\(label): " : ""
                let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
                Output.line(prefix + (errors.isEmpty ? "valid" : "invalid (\(count))"))
                for error in errors { Output.line("  \(error)") }
            }
        }
        let valid = outcomes.filter { $0.errors.isEmpty }.count
        if !json && lines { Output.line("\(valid) of \(outcomes.count) instances valid") }
        return valid == outcomes.count
    }
}

/// Reading and parsing JSON files with errors that name the file and line.
enum JSONFile {
    static func read(_ path: String, role: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(
                code: .fileNotFound, message: "cannot read the \(role) file '\(path)': no such readable file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses `text`; the error names the file, line and column (`line` is the JSONL line when given).
    static func parse(_ text: String, file: String, line: Int? = nil) throws -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            let (reason, position) = diagnose(text)
            var place = file
            if let line {
                place += ":\(line)" + (position.map { ":\($0.1)" } ?? "")
            } else if let (l, c) = position {
                place += ":\(l):\(c)"
            }
            let why = reason.map { " (\($0.hasSuffix(".") ? String($0.dropLast()) : $0))" } ?? ""
            throw SwitchyardError(code: .invalidJSON, message: "\(place): not valid JSON\(detail(text))\(why)")
        }
    }

    /// Foundation's reason the text is not JSON and, when it says, the line and column (1-based).
    private static func diagnose(_ text: String) -> (String?, (Int, Int)?) {
        let data = Data(text.utf8)
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return (nil, nil)
        } catch {
            let description = (error as NSError).userInfo["NSDebugDescription"] as? String
            guard let description, let range = description.range(of: #"character (\d+)"#, options: .regularExpression),
                let offset = Int(description[range].dropFirst("character ".count))
            else { return (description, nil) }
            let prefix = data.prefix(offset)
            let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = offset - (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            return (description, (line, column))
        }
    }

    private static func detail(_ text: String) -> String {
        text.allSatisfy(\.isWhitespace) ? " (empty)" : ""
    }
}
