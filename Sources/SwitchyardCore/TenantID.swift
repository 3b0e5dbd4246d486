/// Who owns a piece of data. Every store API that reads tenant-owned data takes one, never an optional.
///
/// A tenant id is 1–64 characters of `[A-Za-z0-9._-]`, so it is safe in paths, keys and logs.
public struct TenantID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The id's text.
    public let rawValue: String

    /// The tenant of a single-user, embedded deployment.
    public static let `default` = TenantID(validated: "default")

    /// Checks and wraps an id; the error says which character or length is wrong.
    ///
    /// - Parameter rawValue: The id: 1–64 characters of `[A-Za-z0-9._-]`.
    /// - Throws: `SwitchyardError` with code `invalid_tenant`.
    public init(_ rawValue: String) throws(SwitchyardError) {
        guard !rawValue.isEmpty, rawValue.count <= 64 else {
            throw SwitchyardError(
                code: .invalidTenant, message: "tenant id must be 1–64 characters, got \(rawValue.count)")
        }
        if let bad = rawValue.unicodeScalars.first(where: { !TenantID.allowed($0) }) {
            throw SwitchyardError(
                code: .invalidTenant,
                message: "tenant id '\(rawValue)' has '\(bad)'; use letters, digits, '.', '_' or '-'")
        }
        self.rawValue = rawValue
    }

    private init(validated: String) { self.rawValue = validated }

    private static func allowed(_ s: Unicode.Scalar) -> Bool {
        s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "." || s == "_" || s == "-")
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        try self.init(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
