import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardInference

/// `switchyard schema constrain`: whether schemas compile for constrained decoding (`generate --json-schema`),
/// without loading a model. Exit 0 when every schema compiles, 1 when any is refused (a keyword the decoder
/// cannot enforce, a constraint too large or unsatisfiable), 2 when a file cannot be read or is no schema.
struct SchemaConstrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "constrain",
        abstract: "Check that JSON Schemas compile for constrained decoding (generate --json-schema).",
        discussion: """
            Exit status: 0 when every schema compiles, 1 when any is refused, 2 when a file cannot be read or \
            is not a valid schema. With --json, prints one line per schema: {"schema", "compiles", and for a \
            refusal "code", "message", "pointer"} (pointer: the refused keyword's JSON Pointer in the schema).
            """)

    @Option(name: .long, help: "A JSON Schema file (repeatable).")
    var schema: [String]

    @Flag(name: .long, help: "Print one JSON line per schema.")
    var json = false

    func run() throws {
        guard !schema.isEmpty else {
            throw Output.fail(
                SwitchyardError(code: .invalidArguments, message: "give at least one --schema FILE"), json: json)
        }
        var refused = 0
        for file in schema {
            do {
                let value = try JSONFile.parse(try JSONFile.read(file, role: "schema"), file: file)
                _ = try DecodingConstraint.jsonSchema(value)
                if json {
                    Output.json(["schema": .string(file), "compiles": true])
                } else {
                    Output.line("\(file): compiles")
                }
            } catch let error as SwitchyardError where Self.refusals.contains(error.code) {
                refused += 1
                if json {
                    Output.json([
                        "schema": .string(file), "compiles": false, "code": .string(error.code.rawValue),
                        "message": .string(error.message),
                        "pointer": error.details.first.map(JSONValue.string) ?? .null,
                    ])
                } else {
                    Output.line("\(file): refused: \(error)")
                }
            } catch {
                throw Output.fail(error, json: json)
            }
        }
        if refused > 0 { throw ExitCode(1) }
    }

    /// The errors that mean "valid schema, but not enforceable by constrained decoding".
    static let refusals: Set<SwitchyardError.Code> = [
        .unsupportedSchemaKeyword, .unsupportedRegex, .constraintTooLarge, .constraintUnsatisfiable,
    ]
}
