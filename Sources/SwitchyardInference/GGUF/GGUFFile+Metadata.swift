import SwitchyardCore

/// Typed metadata accessors. Scalars accept any integer width (GGUF writers disagree between u32 and u64).
extension GGUFFile {
    /// The architecture name (`general.architecture`), e.g. `llama`, `gemma3`.
    public var architecture: String? { string("general.architecture") }

    /// A string value, or nil when absent or not a string.
    ///
    /// - Parameter key: The metadata key.
    public func string(_ key: String) -> String? { metadata[key]?.stringValue }

    /// An integer value (any integer type), or nil.
    ///
    /// - Parameter key: The metadata key.
    public func int(_ key: String) -> Int? { metadata[key]?.intValue }

    /// A float value (float or integer type), or nil.
    ///
    /// - Parameter key: The metadata key.
    public func float(_ key: String) -> Float? { metadata[key]?.floatValue }

    /// A bool value, or nil.
    ///
    /// - Parameter key: The metadata key.
    public func bool(_ key: String) -> Bool? { metadata[key]?.boolValue }

    /// An array of strings (e.g. `tokenizer.ggml.tokens`, `tokenizer.ggml.merges`), or nil when absent or
    /// not an array of strings.
    ///
    /// - Parameter key: The metadata key.
    public func stringArray(_ key: String) -> [String]? {
        guard case .array(let a)? = metadata[key] else { return nil }
        return a.strings
    }

    /// An array of floats (e.g. `tokenizer.ggml.scores`), or nil.
    ///
    /// - Parameter key: The metadata key.
    public func floatArray(_ key: String) -> [Float]? {
        guard let a = metadata[key]?.arrayValue else { return nil }
        var out: [Float] = []
        out.reserveCapacity(a.count)
        for v in a {
            guard let f = v.floatValue else { return nil }
            out.append(f)
        }
        return out
    }

    /// An array of integers (e.g. `tokenizer.ggml.token_type`), or nil.
    ///
    /// - Parameter key: The metadata key.
    public func intArray(_ key: String) -> [Int]? {
        guard let a = metadata[key]?.arrayValue else { return nil }
        var out: [Int] = []
        out.reserveCapacity(a.count)
        for v in a {
            guard let i = v.intValue else { return nil }
            out.append(i)
        }
        return out
    }

    /// A required integer; throws `model_metadata_missing` naming the key when absent.
    ///
    /// - Parameter key: The metadata key.
    /// - Throws: `SwitchyardError` with code `model_metadata_missing`.
    public func requireInt(_ key: String) throws -> Int {
        guard let v = int(key) else { throw missing(key) }
        return v
    }

    /// A required float; throws `model_metadata_missing` naming the key when absent.
    ///
    /// - Parameter key: The metadata key.
    /// - Throws: `SwitchyardError` with code `model_metadata_missing`.
    public func requireFloat(_ key: String) throws -> Float {
        guard let v = float(key) else { throw missing(key) }
        return v
    }

    func missing(_ key: String) -> SwitchyardError {
        SwitchyardError(
            code: .modelMetadataMissing,
            message: "GGUF file '\(file.origin)' has no usable metadata key '\(key)'; it is not a supported model file."
        )
    }
}
