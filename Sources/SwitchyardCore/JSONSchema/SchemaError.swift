/// One way an instance fails a schema: where in the instance, which keyword, and what is wrong.
public struct SchemaError: Sendable, Hashable, CustomStringConvertible {
    /// The failing value's location in the instance, a JSON Pointer (RFC 6901): `""` is the whole instance,
    /// `/items/3/name` a member of an array element.
    public var instanceLocation: String
    /// The keyword's location along the evaluation path through the schema (a JSON Pointer that goes through
    /// `$ref`s), e.g. `/properties/items/items/$ref/type`.
    public var keywordLocation: String
    /// What is wrong, for a person: "expected integer, got string", "missing required property 'name'".
    public var message: String

    /// Makes an error; validators produce these, callers mostly read them.
    ///
    /// - Parameters:
    ///   - instanceLocation: JSON Pointer to the failing part of the instance.
    ///   - keywordLocation: JSON Pointer to the keyword that failed, from the schema's root.
    ///   - message: What is wrong, for a person.
    public init(instanceLocation: String, keywordLocation: String, message: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.message = message
    }

    /// `"<pointer>: <message>"`, with `(root)` for the whole instance.
    public var description: String {
        "\(instanceLocation.isEmpty ? "(root)" : MessageText.pointer(instanceLocation)): \(message)"
    }
}
